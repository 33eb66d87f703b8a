-- The highest load_id recorded (0 for a new store): the next load takes the one after.
-- No parameters.
SELECT coalesce(max(load_id), 0) AS last_load_id FROM loads
