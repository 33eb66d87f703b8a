-- The loads log, newest first: who loaded which file for which department and period,
-- when, rows per sheet (JSON text), the outcome, the reason given, and whether its rows are
-- the ones in the tables now, and how many warnings it was loaded with. No parameters.
SELECT load_id, loaded_at, loaded_by, file_name, sha256, department, return_period,
       outcome, row_counts, reason, active, warning_count
FROM main.loads  -- every load as loaded, whichever picture the connection reads
ORDER BY load_id DESC
