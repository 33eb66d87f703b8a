-- One priority's money by financial year as at a period, in pounds.
-- Parameters: $as_at (DATE); $priority_id.
SELECT financial_year, allocated, forecast, spent
FROM budget_at($as_at)
WHERE priority_id = $priority_id
ORDER BY financial_year;
