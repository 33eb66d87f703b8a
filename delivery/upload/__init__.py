"""The analyst's upload, on top of the store: ``checks`` (a file's size, its problems, the user's
departments and reporting rights, two files for one return) and ``preview`` (what a return would
change in the store, before anything is written). The Upload page lays them out; the load itself
is the store's (``delivery.store.loader``), which checks the rights again under its write lock.
"""
