"""Returns in a department's own layout: a cell datamap (``datamap``) or a column map (``columns``)
turns a department's own form or flat table into our return workbooks, so every check, the
preview, the archive and ``rebuild`` apply unchanged; problems are told in the department's own
cells (``Introduction!C17``). No Streamlit here.
"""
