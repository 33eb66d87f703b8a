-- When this store began reviewing returns (zero or one row): the first load it covers, who, when, why.
-- No parameters.
SELECT from_load_id, started_by, started_at, reason
FROM review_start
ORDER BY seq
LIMIT 1
