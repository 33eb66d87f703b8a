-- Records the centre's rating of a priority for a period.
-- Parameters: $seq, $priority_id, $period (ISO date), $rag, $reason, $rated_by, $rated_at (ISO text).
INSERT INTO centre_ratings VALUES ($seq, $priority_id, CAST($period AS DATE), $rag, $reason, $rated_by,
                                   CAST($rated_at AS TIMESTAMP));
