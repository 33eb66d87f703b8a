-- The planned path (trajectory points) of every indicator as at a period, restated points
-- resolved to the latest return on or before it, by whichever department reported the
-- indicator's priority (trajectory_at, queries/views.sql). department is the indicator's
-- (indicators_at), so these join the indicators on (department, indicator_id).
-- Parameters: $as_at (DATE). Pages keep only the indicators they show (from indicator_list).
SELECT i.department, t.indicator_id, t.period_end, t.planned_value
FROM trajectory_at($as_at) t
JOIN indicators_at($as_at) i USING (priority_id, indicator_id)
ORDER BY t.indicator_id, t.period_end;
