-- Records that the store began reviewing returns from load $from_load_id.
-- Parameters: $seq, $from_load_id, $started_by, $started_at (ISO text), $reason.
INSERT INTO review_start VALUES ($seq, $from_load_id, $started_by, CAST($started_at AS TIMESTAMP), $reason);
