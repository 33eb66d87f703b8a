-- How many local areas have reported figures for each indicator as at a period (indicators
-- with none are left out), so the league table can offer those first.
-- Parameters: $as_at (DATE).
-- Counting distinct areas needs no "latest return" resolution (actuals_at), which would sort
-- millions of rows at national scale for the same answer.
SELECT department, indicator_id, count(DISTINCT area_code) AS areas
FROM actuals
WHERE area_code IS NOT NULL AND return_period <= $as_at AND period_end <= $as_at
GROUP BY department, indicator_id
ORDER BY department, indicator_id;
