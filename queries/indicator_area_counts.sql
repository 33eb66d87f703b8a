-- How many local areas have reported figures for each indicator as at a period (indicators
-- with none are left out), so the league table can offer those first.
-- Parameters: $as_at (DATE).
SELECT a.department, a.indicator_id, count(DISTINCT a.area_code) AS areas
FROM actuals_at($as_at) a
WHERE a.area_code IS NOT NULL
GROUP BY a.department, a.indicator_id
ORDER BY a.department, a.indicator_id;
