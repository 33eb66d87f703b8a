-- One load from the loads log by its id (zero or one row). Parameters: $load_id.
SELECT load_id, file_name, sha256, department, return_period, outcome, active
FROM loads
WHERE load_id = $load_id
