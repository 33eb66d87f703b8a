-- Every load, unchanged re-load and rollback of one department's return for one period,
-- oldest first: from these the loader works out what a rollback restores.
-- Parameters: $department, $return_period.
SELECT load_id, file_name, sha256, outcome, active
FROM loads
WHERE department = $department AND return_period = $return_period
ORDER BY load_id
