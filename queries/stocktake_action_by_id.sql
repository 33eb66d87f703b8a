-- One stocktake action as it stands. Parameters: $action_id.
SELECT action_id, priority_id, stocktake_date, description, owner, due_date, status, closed_date
FROM stocktake_actions
WHERE action_id = $action_id;
