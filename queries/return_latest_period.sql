-- The latest period for which a department has an active return (NULL if none).
-- Parameters: $department.
SELECT max(return_period) AS return_period
FROM loads
WHERE department = $department AND active
