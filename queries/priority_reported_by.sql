-- The departments that have reported a priority ID in any return, with their last return.
-- Parameters: $priority_id (as reported).
SELECT department, max(return_period) AS last_return
FROM priorities
WHERE priority_id = $priority_id
GROUP BY department
ORDER BY last_return DESC, department
