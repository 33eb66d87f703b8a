-- Every target each indicator was given, return by return, up to a period: each return's period,
-- direction, target, target date, baseline and source, by whichever department reported the
-- indicator's priority (priority_returns_upto, queries/views.sql); for two returns of one period,
-- the one that wins (precedence). What the flags compare: a target lowered or put back.
-- Parameters: $as_at (DATE).
SELECT r.priority_id, i.indicator_id, i.return_period, i.department, i.name, i.unit, i.direction,
       i.target_value, i.target_date, i.baseline_value, i.baseline_date
FROM indicators i
JOIN priority_returns_upto($as_at) r
  ON i.department = r.department AND i.return_period = r.return_period AND i.priority_id = r.source_priority_id
QUALIFY row_number() OVER (PARTITION BY r.priority_id, i.indicator_id, i.return_period ORDER BY r.precedence) = 1
ORDER BY r.priority_id, i.indicator_id, i.return_period;
