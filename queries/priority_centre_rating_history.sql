-- The centre's rating of one priority for each period up to as_at, oldest first, in the
-- shape of priority_rating_history (rated_by 'Centre'), so the two series chart together.
-- Parameters: $as_at (DATE); $priority_id.
WITH recorded AS (
    SELECT period, rag, 1 AS preference FROM centre_ratings
    WHERE priority_id = $priority_id AND period <= $as_at
    QUALIFY row_number() OVER (PARTITION BY period ORDER BY seq DESC) = 1
),
returned AS (
    SELECT return_period AS period, centre_rag AS rag, 2 AS preference FROM priorities
    WHERE priority_id = $priority_id AND centre_rag IS NOT NULL AND return_period <= $as_at
)
SELECT period AS return_period, rag, 'Centre' AS rated_by, NULL::VARCHAR AS department
FROM (SELECT * FROM recorded UNION ALL SELECT * FROM returned)
QUALIFY row_number() OVER (PARTITION BY period ORDER BY preference) = 1
ORDER BY period;
