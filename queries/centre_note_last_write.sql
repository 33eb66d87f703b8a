-- The last write of one centre's note (zero or one row, maybe an empty note: withdrawn): what a
-- note form was shown against, and the note in force. Parameters: $kind (priority | covering);
-- $priority_id (or NULL); $department (or NULL: the whole government); $period (ISO date).
SELECT seq, kind, priority_id, department, period, note, written_by, written_at
FROM centre_notes
WHERE kind = $kind AND priority_id IS NOT DISTINCT FROM $priority_id
  AND department IS NOT DISTINCT FROM $department AND period = CAST($period AS DATE)
ORDER BY seq DESC
LIMIT 1
