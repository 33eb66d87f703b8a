"""The store: immutable DuckDB versions, the archive of originals, and every change to them.

``versions`` (publish and open versions, run named queries), ``archive`` (original
workbooks and the load log), ``history`` (apply, replay and roll back loads), ``loader``
(validated returns in), ``rebuild`` (a store from its archive), ``preview`` (what an upload
would change), ``export`` (a return as stored), ``upload_checks`` (the upload page's checks).
"""
