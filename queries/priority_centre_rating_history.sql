-- The centre's rating of one priority for each period up to as_at, oldest first, in the
-- shape of priority_rating_history (rated_by 'Centre'), so the two series chart together:
-- recorded in the app (the latest write for a period wins) or, failing that, given in a
-- return's optional centre_rag column; under the priority's current ID or an old one, and from
-- every department that reported it (priority_returns_upto, queries/views.sql).
-- Parameters: $as_at (DATE); $priority_id (its current ID).
WITH recorded AS (
    SELECT c.period, c.rag, 1 AS preference, 0 AS precedence
    FROM centre_ratings c
    LEFT JOIN priority_id_map m ON m.old_id = c.priority_id
    WHERE coalesce(m.new_id, c.priority_id) = $priority_id AND c.period <= $as_at
    QUALIFY row_number() OVER (PARTITION BY c.period ORDER BY c.seq DESC) = 1
),
returned AS (
    SELECT p.return_period AS period, p.centre_rag AS rag, 2 AS preference, r.precedence
    FROM priorities p
    JOIN priority_returns_upto($as_at) r
      ON p.department = r.department AND p.return_period = r.return_period AND p.priority_id = r.source_priority_id
    WHERE r.priority_id = $priority_id AND p.centre_rag IS NOT NULL
)
SELECT period AS return_period, rag, 'Centre' AS rated_by, NULL::VARCHAR AS department
FROM (SELECT * FROM recorded UNION ALL SELECT * FROM returned)
QUALIFY row_number() OVER (PARTITION BY period ORDER BY preference, precedence) = 1
ORDER BY period;
