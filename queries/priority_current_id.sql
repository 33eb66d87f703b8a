-- The ID a priority is known by now: itself, or what its aliases say it became.
-- Parameters: $priority_id.
SELECT coalesce((SELECT new_id FROM priority_id_map WHERE old_id = $priority_id), $priority_id) AS priority_id
