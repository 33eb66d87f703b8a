-- The period of the department's return that an upload for $as_at is compared with: its
-- latest active return on or before that date (no row if it has none).
-- Parameters: $department, $as_at (a DATE).
SELECT return_period
FROM returns_at($as_at)
WHERE department = $department
