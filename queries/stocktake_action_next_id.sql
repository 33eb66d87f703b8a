-- The id a new stocktake action gets. No parameters.
SELECT coalesce(max(action_id), 0) + 1 AS next_id FROM stocktake_actions;
