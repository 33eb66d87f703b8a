-- The national actuals (blank area) of one priority's indicators as at a period, each point
-- from the latest return on or before it that reports it, by whichever department reported
-- the priority (national_actuals_at, queries/views.sql). department is the indicator's as the
-- priority's indicators give it (indicators_at), so the two join on (department, indicator_id).
-- Parameters: $as_at (DATE); $priority_id (its current ID).
SELECT i.department, a.indicator_id, a.period_end, a.area_code, a.actual_value
FROM national_actuals_at($as_at) a
JOIN indicators_at($as_at) i USING (priority_id, indicator_id)
WHERE a.priority_id = $priority_id
ORDER BY a.indicator_id, a.period_end;
