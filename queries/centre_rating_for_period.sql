-- The centre's rating in force for one priority and period (the latest write), or no row.
-- Parameters: $priority_id; $period (ISO date).
SELECT priority_id, period, rag, reason, rated_by, rated_at
FROM centre_ratings
WHERE priority_id = $priority_id AND period = CAST($period AS DATE)
ORDER BY seq DESC
LIMIT 1;
