-- Every return's rating and commentary of each priority up to a period, oldest first, by
-- whichever department gave it (priority_returns_upto, queries/views.sql); for two returns of one
-- period, the one that wins (precedence). What the flags compare: commentary copied unchanged.
-- Parameters: $as_at (DATE).
SELECT r.priority_id, p.return_period, p.department, p.rag, p.commentary
FROM priorities p
JOIN priority_returns_upto($as_at) r
  ON p.department = r.department AND p.return_period = r.return_period AND p.priority_id = r.source_priority_id
QUALIFY row_number() OVER (PARTITION BY r.priority_id, p.return_period ORDER BY r.precedence) = 1
ORDER BY r.priority_id, p.return_period;
