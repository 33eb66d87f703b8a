-- One department's actuals as its own returns give them as at a date, each point from the
-- latest of its returns on or before that date that reports it, with that return's period:
-- what its next upload would restate. Parameters: $department, $as_at (a DATE; a far-future
-- date means "now").
-- Its own returns only, not actuals_at (which follows each priority across departments): an
-- upload replaces this department's rows, and the filter on department then reaches the table scan.
SELECT indicator_id, period_end, area_code, actual_value, return_period
FROM actuals
WHERE department = $department AND return_period <= $as_at AND period_end <= $as_at
QUALIFY row_number() OVER (PARTITION BY indicator_id, period_end, coalesce(area_code, '')
                           ORDER BY return_period DESC) = 1
ORDER BY indicator_id, period_end, area_code
