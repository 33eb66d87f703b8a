-- One priority's money for every financial year reported up to a period, in pounds: each year
-- from the latest return on or before the period that reports it (a return may carry only its
-- own year), by whichever department reported the priority (budget_upto, queries/views.sql),
-- with that return's period, and the optional whole-life cost given on the row.
-- Parameters: $as_at (DATE); $priority_id (its current ID).
SELECT financial_year, allocated, forecast, spent, return_period AS reported_in,
       whole_life_cost_baseline, whole_life_cost_forecast
FROM budget_upto($as_at)
WHERE priority_id = $priority_id
ORDER BY financial_year;
