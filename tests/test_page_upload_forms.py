"""The Upload page with a department's own form: the layout chosen, problems at the form's own cells, the
preview and the commit. The form is the real DfT one (tests/real_workbooks.py: skipped when absent)."""

from __future__ import annotations

import pytest

from delivery.store import archive
from delivery.store.loader import load_returns
from delivery.store.versions import Store
from tests import real_workbooks
from tests.test_forms_dft import FORM
from tests.test_loader import make_return
from tests.test_page_upload import page, texts, upload
from tests.test_preview import TODAY
from tests.upload_support import serve, snapshot
from ui.frame.text import plain

pytestmark = real_workbooks.needed


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    store = Store(tmp_path / "store")
    assert load_returns(store, [], "setup", today=TODAY).ok
    return serve(store, tmp_path, monkeypatch)


def test_a_dft_form_is_checked_previewed_and_committed_through_its_datamap(store, record_property):
    real_workbooks.record(record_property, f"1 form, {FORM.name}")
    at = page("cleo@centre.example")
    assert at.selectbox(key="upload_layout").options == ["Our return template", "DfT's own form (dft.csv)"]
    at.selectbox(key="upload_layout").set_value("dft.csv").run()
    at = upload(at, (FORM.name, FORM.read_bytes()))
    assert not at.exception
    assert at.subheader[0].value == plain(FORM.name)
    assert any(t.startswith("This adds DfT's return for 30 Jun 2019") for t in texts(at.markdown))
    warnings = at.dataframe[0].value
    assert warnings[["Sheet", "Cell", "Value found"]].values.tolist() == [
        ["6a - Milestones - Approvals", "G13", "01/01/1923"]
    ]
    at.button(key="commit").click().run()
    assert not at.exception
    [entry] = archive.read_log(store.archive)
    assert (entry["department"], entry["form"]["file_name"], entry["form"]["datamap"]) == (
        "DfT",
        FORM.name,
        "dft.csv",
    )


def test_our_own_return_read_as_a_dft_form_is_refused_naming_the_forms_sheets(store, tmp_path):
    before = snapshot(store)
    at = page("cleo@centre.example")
    at.selectbox(key="upload_layout").set_value("dft.csv").run()
    at = upload(at, ("DfE.xlsx", make_return(tmp_path / "DfE.xlsx").read_bytes()))
    report = at.dataframe[0].value
    assert report[["Sheet", "Problem"]].values.tolist()[0] == [
        "Introduction",
        "The sheet 'Introduction' named by the datamap dft.csv is not in DfE.xlsx.",
    ]
    assert snapshot(store) == before
