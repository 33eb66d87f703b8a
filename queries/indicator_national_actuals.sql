-- The national actuals (blank area) of every indicator as at a period, each point from the
-- latest return on or before it. Parameters: $as_at (DATE).
-- Pages keep only the indicators they show (from indicator_list).
-- Same rule as the actuals_at macro (views.sql), written out so that the area rows (millions
-- at national scale) are dropped before the window rather than after it: ~10x faster.
SELECT a.department, a.indicator_id, a.period_end, a.area_code, a.actual_value
FROM actuals a
JOIN indicators_at($as_at) i USING (department, indicator_id)
WHERE a.area_code IS NULL AND a.return_period <= $as_at AND a.period_end <= $as_at
QUALIFY row_number() OVER (PARTITION BY a.department, a.indicator_id, a.period_end ORDER BY a.return_period DESC) = 1
ORDER BY a.indicator_id, a.period_end;
