"""What the pages and briefs compute from the store (no Streamlit).

``movement`` (how ratings moved), ``attention`` (exceptions, small wins, freshness),
``milestone_status``, ``trajectories`` (on or off trajectory), ``chains`` and ``chain_tree``
(delivery chains), ``reporting`` (returns expected, received and stale), ``changes`` (what changed
since the last period), ``tables`` (the tables people read).
"""
