-- Records that a priority reported as old_id is the priority new_id (renamed or merged).
-- Parameters: $record_id, $old_id, $new_id, $recorded_by, $recorded_at, $reason.
INSERT INTO priority_aliases (record_id, old_id, new_id, recorded_by, recorded_at, reason)
VALUES ($record_id, $old_id, $new_id, $recorded_by, CAST($recorded_at AS TIMESTAMP), $reason)
