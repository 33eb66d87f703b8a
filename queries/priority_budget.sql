-- One priority's money for every financial year reported up to a period, in pounds: each year
-- from the latest return on or before the period that reports it (a return may carry only its
-- own year), with that return's period, and the optional whole-life cost given on the row.
-- Parameters: $as_at (DATE); $priority_id.
SELECT financial_year, allocated, forecast, spent, return_period AS reported_in,
       whole_life_cost_baseline, whole_life_cost_forecast
FROM budget
WHERE priority_id = $priority_id AND return_period <= $as_at
QUALIFY row_number() OVER (PARTITION BY financial_year ORDER BY return_period DESC) = 1
ORDER BY financial_year;
