-- The latest actual of each local area for one indicator as at a period (for the league
-- table against trajectory). Parameters: $as_at (DATE); $department (the indicator's
-- reporting department); $indicator_id.
SELECT a.department, a.indicator_id, a.period_end, a.area_code, a.actual_value
FROM actuals_at($as_at) a
WHERE a.department = $department AND a.indicator_id = $indicator_id AND a.area_code IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY a.area_code ORDER BY a.period_end DESC) = 1
ORDER BY a.area_code;
