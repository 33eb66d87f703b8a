-- How many local areas have reported figures for each indicator as at a period (indicators
-- with none are left out), so the league table can offer those first; counted over every
-- department that reported the indicator's priority (as actuals_at does), by the indicator's
-- department as indicators_at gives it. Parameters: $as_at (DATE).
-- Counting distinct areas needs no "latest return" resolution (actuals_at), which would sort
-- millions of rows at national scale for the same answer; and a department's areas are taken
-- once per (department, indicator) before they meet the priority their returns list it under
-- (matching each return's rows to its own Indicators sheet first took five times as long).
WITH areas AS (
    SELECT DISTINCT department, indicator_id, area_code
    FROM actuals
    WHERE area_code IS NOT NULL AND return_period <= $as_at AND period_end <= $as_at
),
owners AS (
    SELECT DISTINCT department, indicator_id, priority_id FROM indicator_returns_upto($as_at)
)
SELECT i.department, i.indicator_id, count(DISTINCT a.area_code) AS areas
FROM areas a
JOIN owners o USING (department, indicator_id)
JOIN indicators_at($as_at) i USING (priority_id, indicator_id)
GROUP BY i.department, i.indicator_id
ORDER BY i.department, i.indicator_id;
