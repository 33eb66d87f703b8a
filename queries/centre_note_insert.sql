-- Records one write of the centre's note (delivery/store/notes.py).
-- Parameters: $seq, $kind (priority | covering), $priority_id (or NULL), $department (or NULL),
-- $period (ISO date), $note, $written_by, $written_at (ISO text).
INSERT INTO centre_notes VALUES ($seq, $kind, $priority_id, $department, CAST($period AS DATE), $note,
                                 $written_by, CAST($written_at AS TIMESTAMP));
