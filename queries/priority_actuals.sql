-- The national actuals (blank area) of one priority's indicators as at a period, each point
-- from the latest return on or before it. Parameters: $as_at (DATE); $priority_id.
SELECT a.department, a.indicator_id, a.period_end, a.area_code, a.actual_value
FROM actuals_at($as_at) a
JOIN indicators_at($as_at) i USING (department, indicator_id)
WHERE i.priority_id = $priority_id AND a.area_code IS NULL
ORDER BY a.indicator_id, a.period_end;
