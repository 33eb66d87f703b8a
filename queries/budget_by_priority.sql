-- Every priority's money for every financial year reported up to a period, in pounds: each year from
-- the latest return on or before the period that reports it (budget_upto, queries/views.sql), with that
-- return's period and the optional whole-life cost given on the row. The brief keeps its scope's rows.
-- Parameters: $as_at (DATE).
SELECT priority_id, financial_year, allocated, forecast, spent, return_period AS reported_in,
       whole_life_cost_baseline, whole_life_cost_forecast
FROM budget_upto($as_at)
ORDER BY priority_id, financial_year;
