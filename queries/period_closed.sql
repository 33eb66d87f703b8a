-- The close in force of one period (zero or one row): who closed it, when and why. Parameters: $period.
SELECT period, reason, closed_by, closed_at
FROM main.period_closes
WHERE period = CAST($period AS DATE)
ORDER BY seq DESC
LIMIT 1
