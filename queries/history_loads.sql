-- The loads log for the Data page, newest first: every load, unchanged re-load and rollback
-- with who, when, the file (name and sha256), department, period, the rows it put in place
-- (total, and per sheet as JSON text), the outcome, the reason given, and whether its rows
-- are the ones in force now, and the warnings it was loaded with (how many, and the list as JSON).
-- Parameters: $department (NULL for every department).
SELECT load_id, loaded_at, loaded_by, file_name, sha256, department, return_period,
       CAST(coalesce(list_sum(map_values(json_transform(row_counts, '"MAP(VARCHAR, BIGINT)"'))), 0) AS BIGINT) AS total_rows,
       outcome, reason, active, row_counts, coalesce(warning_count, 0) AS warning_count, warnings
FROM main.loads  -- every load as loaded, whichever picture the connection reads
WHERE $department IS NULL OR department = $department
ORDER BY load_id DESC
