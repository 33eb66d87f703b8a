"""The delivery dashboard's domain package: returns in, store, queries out. Never imports streamlit.

The sub-packages follow a return through its stages: ``reference`` (the rating scales, and the
editable lists in ``data/``), ``returns`` (the workbook contract, reading, checking and writing
workbooks), ``store`` (versions, archive, loading), ``upload`` (an analyst's upload checked and
previewed against the store), ``analysis`` (what the pages and briefs compute from the store),
``charts`` (pure Altair), ``briefs`` (ministers' briefs), ``demo`` (the fictional government).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project folder: data/, queries/, app.py
