"""The delivery dashboard's domain package: returns in, store, queries out. Never imports streamlit."""
