-- The national actuals (blank area) of one priority's indicators as at a period, each point
-- from the latest return on or before it. Parameters: $as_at (DATE); $priority_id.
-- Same rule as the actuals_at macro (queries/views.sql), but the priority's indicators are
-- picked before the latest-return rule runs: over millions of area actuals the macro
-- would rank every row first (seconds instead of milliseconds).
WITH mine AS (
    SELECT department, indicator_id FROM indicators_at($as_at) WHERE priority_id = $priority_id
)
SELECT a.department, a.indicator_id, a.period_end, a.area_code, a.actual_value
FROM actuals a
JOIN mine USING (department, indicator_id)
WHERE a.area_code IS NULL AND a.return_period <= $as_at AND a.period_end <= $as_at
QUALIFY row_number() OVER (PARTITION BY a.department, a.indicator_id, a.period_end
                           ORDER BY a.return_period DESC) = 1
ORDER BY a.indicator_id, a.period_end;
