-- The active load for one department and period (zero or one row): the load whose rows
-- are in the return tables now. Parameters: $department, $return_period.
SELECT load_id, file_name, sha256
FROM loads
WHERE department = $department AND return_period = $return_period AND active
