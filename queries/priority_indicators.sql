-- The indicators of one priority as at a period.
-- Parameters: $as_at (DATE); $priority_id.
SELECT department, priority_id, indicator_id, name, unit, stage, perspective, direction,
       baseline_value, baseline_date, target_value, target_date, tolerance_pct, source
FROM indicators_at($as_at)
WHERE priority_id = $priority_id
ORDER BY list_position(['impact', 'outcome', 'output', 'activity', 'input'], stage), indicator_id;
