-- Records one load, unchanged re-load or rollback in the loads log.
-- Parameters: $load_id, $file_name, $sha256, $department, $return_period, $loaded_by,
-- $loaded_at, $row_counts (JSON text), $outcome, $reason, $active,
-- $warning_count and $warnings (JSON text: the warnings the return was loaded with).
INSERT INTO loads (load_id, file_name, sha256, department, return_period, loaded_by,
                   loaded_at, row_counts, outcome, reason, active, warning_count, warnings)
VALUES ($load_id, $file_name, $sha256, $department, CAST($return_period AS DATE), $loaded_by,
        CAST($loaded_at AS TIMESTAMP), $row_counts, $outcome, $reason, $active, $warning_count, $warnings)
