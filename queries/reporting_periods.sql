-- Every reporting period that has at least one loaded return, newest first.
-- Parameters: none.
SELECT DISTINCT return_period
FROM loads
WHERE active
ORDER BY return_period DESC;
