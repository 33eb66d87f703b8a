-- Every national actual (blank area) that a later return gave a different value from the return
-- before it, up to a period: the indicator, the period restated, the return that restated it and
-- its department, the value before (was) and after (now). Each return's value is the winning one
-- of its period (precedence; actuals_upto, queries/views.sql). Uploads warn of these; the flags count them.
-- Parameters: $as_at (DATE).
WITH national AS (
    SELECT priority_id, indicator_id, period_end, return_period, department, actual_value
    FROM actuals_upto($as_at)
    WHERE area_code IS NULL
    QUALIFY row_number() OVER (PARTITION BY priority_id, indicator_id, period_end, return_period
                               ORDER BY precedence) = 1
),
ordered AS (
    SELECT *, lag(actual_value) OVER (PARTITION BY priority_id, indicator_id, period_end
                                      ORDER BY return_period) AS was
    FROM national
)
SELECT priority_id, indicator_id, period_end, return_period, department, was, actual_value AS now
FROM ordered
WHERE was IS NOT NULL AND was IS DISTINCT FROM actual_value
ORDER BY priority_id, indicator_id, return_period, period_end;
