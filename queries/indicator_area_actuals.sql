-- The latest actual of each local area for one indicator as at a period (for the league
-- table against trajectory), by whichever department reported the indicator's priority
-- (actuals_at, queries/views.sql). Parameters: $as_at (DATE); $department (the indicator's
-- department, as indicators_at gives it); $indicator_id.
-- The filter on indicator_id reaches actuals_at's window (it partitions by it): only this
-- indicator's rows are ranked, not every area's actual.
SELECT i.department, a.indicator_id, a.period_end, a.area_code, a.actual_value
FROM actuals_at($as_at) a
JOIN indicators_at($as_at) i USING (priority_id, indicator_id)
WHERE a.indicator_id = $indicator_id AND i.department = $department AND a.area_code IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY a.area_code ORDER BY a.period_end DESC) = 1
ORDER BY a.area_code;
