-- Writes a stocktake action as it now stands (new, or replacing its earlier state).
-- Parameters: $action_id, $priority_id, $stocktake_date, $description, $owner, $due_date (ISO dates),
-- $status, $closed_date (ISO date or NULL), $updated_by, $updated_at (ISO text).
INSERT OR REPLACE INTO stocktake_actions VALUES (
    $action_id, $priority_id, CAST($stocktake_date AS DATE), $description, $owner, CAST($due_date AS DATE),
    $status, CAST($closed_date AS DATE), $updated_by, CAST($updated_at AS TIMESTAMP));
