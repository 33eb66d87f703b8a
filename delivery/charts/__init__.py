"""Pure Altair chart functions (no Streamlit): ``priority`` for one priority and the shared
scales, ``portfolio`` for the cross-government pages."""
