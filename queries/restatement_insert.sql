-- Records a load into a closed period. Parameters: $load_id, $department, $return_period, $restated_by,
-- $restated_at (ISO text), $reason, $changes (JSON text).
INSERT INTO restatements VALUES ($load_id, $department, CAST($return_period AS DATE), $restated_by,
                                 CAST($restated_at AS TIMESTAMP), $reason, $changes);
