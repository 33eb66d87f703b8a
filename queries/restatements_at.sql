-- The restatements in force of returns for periods up to $as_at, oldest first: loads into a closed
-- period that are still the load in force of their return (in this picture: the agreed one counts
-- them once accepted), with who, when, why and the ratings they changed (JSON text).
-- Parameters: $as_at (DATE).
SELECT r.load_id, r.department, r.return_period, r.restated_by, r.restated_at, r.reason, r.changes
FROM main.restatements r
JOIN loads l ON l.load_id = r.load_id AND l.active
WHERE r.return_period <= $as_at
ORDER BY r.restated_at, r.load_id
