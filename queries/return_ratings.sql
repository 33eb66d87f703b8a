-- The ratings of one return as stored (every priority it lists), for a restatement's "was".
-- Parameters: $department, $return_period.
SELECT priority_id, rag
FROM main.priorities
WHERE department = $department AND return_period = CAST($return_period AS DATE)
ORDER BY priority_id
