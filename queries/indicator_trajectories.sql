-- The planned path (trajectory points) of every indicator as at a period, restated points
-- resolved to the latest return on or before it. Parameters: $as_at (DATE).
-- Pages keep only the indicators they show (from indicator_list).
SELECT t.department, t.indicator_id, t.period_end, t.planned_value
FROM trajectory_at($as_at) t
JOIN indicators_at($as_at) i USING (department, indicator_id)
ORDER BY t.indicator_id, t.period_end;
