-- One department's trajectory points as the store shows them as at a date, each from the
-- latest return on or before that date that plans it, with that return's period: what an
-- upload would re-plan. Parameters: $department, $as_at (a DATE; a far-future date means "now").
SELECT indicator_id, period_end, planned_value, return_period
FROM trajectory_at($as_at)
WHERE department = $department
ORDER BY indicator_id, period_end
