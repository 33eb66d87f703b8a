-- The last load or rollback of one department's return for one period (zero or one row): what a
-- preview of that return was made against. An unchanged re-load or a refused commit changes no
-- rows, so it is not a change. Parameters: $department, $return_period.
SELECT load_id, outcome, loaded_by, loaded_at
FROM loads
WHERE department = $department AND return_period = $return_period AND outcome IN ('loaded', 'rolled back')
ORDER BY load_id DESC
LIMIT 1
