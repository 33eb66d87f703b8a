-- The national actuals (blank area) of every indicator as at a period, each point from the
-- latest return on or before it that reports it, by whichever department reported the
-- indicator's priority (national_actuals_at, queries/views.sql). department is the indicator's
-- (indicators_at), so these join the indicators on (department, indicator_id).
-- Parameters: $as_at (DATE). Pages keep only the indicators they show (from indicator_list).
SELECT i.department, a.indicator_id, a.period_end, a.area_code, a.actual_value
FROM national_actuals_at($as_at) a
JOIN indicators_at($as_at) i USING (priority_id, indicator_id)
ORDER BY a.indicator_id, a.period_end;
