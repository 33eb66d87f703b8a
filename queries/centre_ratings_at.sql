-- The centre's rating of each priority in force as at a period: the latest period on or
-- before as_at with a centre rating, recorded in the app (the latest write wins) or, failing
-- that, given in the return's optional centre_rag column. One row per rated priority, by its
-- current ID (ratings recorded or returned under an old ID count; two returns for one period:
-- precedence, priority_returns_upto in queries/views.sql).
-- Parameters: $as_at (DATE).
WITH recorded AS (
    SELECT coalesce(m.new_id, c.priority_id) AS priority_id, c.period, c.rag, c.reason, c.rated_by,
           1 AS preference, 0 AS precedence
    FROM centre_ratings c
    LEFT JOIN priority_id_map m ON m.old_id = c.priority_id
    WHERE c.period <= $as_at
    QUALIFY row_number() OVER (PARTITION BY coalesce(m.new_id, c.priority_id), c.period ORDER BY c.seq DESC) = 1
),
returned AS (
    SELECT r.priority_id, p.return_period AS period, p.centre_rag AS rag,
           'Given in ' || p.department || '''s return' AS reason, p.department AS rated_by, 2 AS preference,
           r.precedence
    FROM priorities p
    JOIN priority_returns_upto($as_at) r
      ON p.department = r.department AND p.return_period = r.return_period AND p.priority_id = r.source_priority_id
    WHERE p.centre_rag IS NOT NULL
),
both_kinds AS (SELECT * FROM recorded UNION ALL SELECT * FROM returned)
SELECT priority_id, rag AS centre_rag, period AS centre_period, reason AS centre_reason, rated_by AS centre_rated_by
FROM both_kinds
QUALIFY row_number() OVER (PARTITION BY priority_id ORDER BY period DESC, preference, precedence) = 1
ORDER BY priority_id;
