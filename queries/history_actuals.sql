-- One department's actuals as the store shows them as at a date, each point from the latest
-- return on or before that date that reports it, with that return's period: what an upload
-- would restate. Parameters: $department, $as_at (a DATE; a far-future date means "now").
SELECT indicator_id, period_end, area_code, actual_value, return_period
FROM actuals_at($as_at)
WHERE department = $department
ORDER BY indicator_id, period_end, area_code
