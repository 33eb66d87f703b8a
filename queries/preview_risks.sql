-- The risks, issues and barriers of one department as the store shows them as at a date (from its
-- latest return on or before it), contract columns only, in key order: what an upload's preview
-- compares the new return's risks with. Parameters: $department, $as_at (a DATE).
SELECT * EXCLUDE (department, return_period, load_id)
FROM risks_at($as_at)
WHERE department = $department
ORDER BY priority_id, risk_id
