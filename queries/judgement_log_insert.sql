-- Records one write of a centre judgement (delivery/store/judgements.py).
-- Parameters: $seq, $kind, $subject, $written_by, $written_at (ISO text), $before_json, $after_json.
INSERT INTO judgement_log VALUES ($seq, $kind, $subject, $written_by, CAST($written_at AS TIMESTAMP),
                                  $before_json, $after_json);
