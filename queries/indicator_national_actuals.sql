-- The national actuals (blank area) of every indicator as at a period, each point from the
-- latest return on or before it. Parameters: $as_at (DATE).
-- Pages keep only the indicators they show (from indicator_list).
SELECT a.department, a.indicator_id, a.period_end, a.area_code, a.actual_value
FROM actuals_at($as_at) a
JOIN indicators_at($as_at) i USING (department, indicator_id)
WHERE a.area_code IS NULL
ORDER BY a.indicator_id, a.period_end;
