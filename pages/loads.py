"""Not a page of its own: /loads is app.py's "Loads and history" (pages/data.py); this file catches that address
in Streamlit's old pages/-folder mode.

Until ``st.navigation`` is first called in a process, Streamlit runs an app with a pages/ folder the old way,
finding a page by its file name, so /loads opened as the first request after a restart was "Page not found"
(and then the Overview). Found here, the run restarts through app.py, whose router opens pages/data.py.
"""

from ui.frame.navigation import navigation_only

navigation_only()
