"""Streamlit glue shared by the pages: cached store access, global filters, small widgets."""
