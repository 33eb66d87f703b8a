-- Records that an admin closed a reporting period. Parameters: $seq, $period (ISO date), $reason,
-- $closed_by, $closed_at (ISO text).
INSERT INTO period_closes VALUES ($seq, CAST($period AS DATE), $reason, $closed_by, CAST($closed_at AS TIMESTAMP));
