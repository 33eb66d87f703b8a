"""The delivery dashboard's domain package: returns in, store, queries out. Never imports streamlit.

The sub-packages follow a return through its stages: ``returns`` (the workbook contract,
reading, checking and writing workbooks), ``store`` (versions, archive, loading, preview),
``analysis`` (what the pages and briefs compute from the store), ``charts`` (pure Altair),
``briefs`` (ministers' briefs), ``demo`` (the fictional government). ``reference`` reads the
editable lists in ``data/``.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project folder: data/, queries/, app.py
