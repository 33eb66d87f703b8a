-- Records that a priority is led by another department from a date.
-- Parameters: $record_id, $priority_id, $to_department, $effective_date, $recorded_by, $recorded_at, $reason.
INSERT INTO priority_transfers (record_id, priority_id, to_department, effective_date, recorded_by, recorded_at, reason)
VALUES ($record_id, $priority_id, $to_department, CAST($effective_date AS DATE), $recorded_by,
        CAST($recorded_at AS TIMESTAMP), $reason)
