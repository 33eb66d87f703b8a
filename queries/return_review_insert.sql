-- Records the centre's review decision on a load.
-- Parameters: $seq, $load_id, $decision, $reason (or NULL), $cells (JSON text), $reviewed_by, $reviewed_at (ISO text).
INSERT INTO return_reviews VALUES ($seq, $load_id, $decision, $reason, $cells, $reviewed_by,
                                   CAST($reviewed_at AS TIMESTAMP));
