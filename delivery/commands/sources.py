"""The sources a validate, load or map names: return workbooks as they are, a department's own forms
through a datamap (``--datamap``), or flat tables through a column map (``--columns``)."""

from __future__ import annotations

from pathlib import Path

from delivery.errors import DeliveryError, NotAWorkbook
from delivery.forms.columns import read_column_map, split_table
from delivery.forms.datamap import read_datamap
from delivery.forms.translate import Form, MappedForm
from delivery.returns import safety
from delivery.returns.problems import Problem


def sources_of(args) -> list:
    """The files a validate or load names: as they are; with ``--datamap`` each a Form to map first; with
    ``--columns`` each a flat table, split into one Form per department and period."""
    if getattr(args, "columns", None):
        colmap = read_column_map(args.columns)
        return [part for path in args.files for part in _table_parts(path, colmap)]
    if not getattr(args, "datamap", None):
        return args.files
    datamap = read_datamap(args.datamap)
    return [Form(path.name, form_bytes(path), datamap) for path in args.files]


def _table_parts(path: Path, colmap) -> list[Form]:
    """A flat table's returns, each a Form already mapped (its bytes kept, to mark its problems on)."""
    data = form_bytes(path)
    try:
        parts = split_table(data, colmap, path.name)
    except NotAWorkbook as error:
        parts = [MappedForm(path.name, "", b"", {}, [Problem("(file)", "", path.name, str(error), path.name)])]
    return [Form(part.file_name, data, colmap, part, path.name) for part in parts]


def form_bytes(path: Path) -> bytes:
    """A form's bytes, its size checked before it is read; one plain sentence when it cannot be read."""
    try:
        safety.check_size(path.stat().st_size, path.name)
        return path.read_bytes()
    except FileNotFoundError:
        raise DeliveryError(f"There is no file called {path}.") from None
    except IsADirectoryError:
        raise DeliveryError(f"{path} is a folder, not a form.") from None
    except OSError as error:
        raise DeliveryError(f"{path} cannot be read: {error.strerror or error}.") from None
