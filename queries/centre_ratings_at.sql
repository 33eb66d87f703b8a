-- The centre's rating of each priority in force as at a period: the latest period on or
-- before as_at with a centre rating, recorded in the app (the latest write wins) or, failing
-- that, given in the return's optional centre_rag column. One row per rated priority.
-- Parameters: $as_at (DATE).
WITH recorded AS (
    SELECT priority_id, period, rag, reason, rated_by, 1 AS preference
    FROM centre_ratings
    WHERE period <= $as_at
    QUALIFY row_number() OVER (PARTITION BY priority_id, period ORDER BY seq DESC) = 1
),
returned AS (
    SELECT priority_id, return_period AS period, centre_rag AS rag,
           'Given in ' || department || '''s return' AS reason, department AS rated_by, 2 AS preference
    FROM priorities
    WHERE centre_rag IS NOT NULL AND return_period <= $as_at
),
both_kinds AS (SELECT * FROM recorded UNION ALL SELECT * FROM returned)
SELECT priority_id, rag AS centre_rag, period AS centre_period, reason AS centre_reason, rated_by AS centre_rated_by
FROM both_kinds
QUALIFY row_number() OVER (PARTITION BY priority_id ORDER BY period DESC, preference) = 1
ORDER BY priority_id;
