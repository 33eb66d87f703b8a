"""The store: immutable DuckDB versions, the archive of originals, and every change to them.

``versions`` (publish and open versions, run named queries), ``archive`` (original
workbooks and the load log), ``history`` (apply, replay and roll back loads), ``loader``
(validated returns in), ``rebuild`` (a store from its archive), ``export`` (a return as stored),
``rights`` (who may report on a priority,
and who owns its Priorities row), ``new_ids`` (a new priority ID's prefix and look-alikes),
``records`` (transfers and priority-ID aliases), ``judgements`` (the centre's ratings and stocktake
actions), ``recovery`` (a damaged store, and the way out). The upload's checks and preview,
which read the store but are the analyst's use of it, are ``delivery.upload``.
"""
