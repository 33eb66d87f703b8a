-- The loads log for the Data page, newest first: every load, unchanged re-load and rollback
-- with who, when, the file (name and sha256), department, period, the rows it put in place
-- (total, and per sheet as JSON text), the outcome, the reason given, and whether its rows
-- are the ones in force now. Parameters: $department (NULL for every department).
SELECT load_id, loaded_at, loaded_by, file_name, sha256, department, return_period,
       CAST(coalesce(list_sum(map_values(json_transform(row_counts, '"MAP(VARCHAR, BIGINT)"'))), 0) AS BIGINT) AS total_rows,
       outcome, reason, active, row_counts
FROM loads
WHERE $department IS NULL OR department = $department
ORDER BY load_id DESC
