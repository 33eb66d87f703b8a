-- The indicators of one department as the store shows them as at a date (from its latest
-- return on or before it), contract columns only, in key order: what an upload's preview
-- compares the new return's indicators with. Parameters: $department, $as_at (a DATE).
SELECT * EXCLUDE (department, return_period, load_id)
FROM indicators_at($as_at)
WHERE department = $department
ORDER BY indicator_id
