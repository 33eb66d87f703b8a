-- The last write of the centre's rating of one priority for one period (zero or one row): what a
-- rating form was shown against. Parameters: $priority_id; $period (ISO date).
SELECT seq, rated_by AS written_by, rated_at AS written_at
FROM centre_ratings
WHERE priority_id = $priority_id AND period = CAST($period AS DATE)
ORDER BY seq DESC
LIMIT 1
