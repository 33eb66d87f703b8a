-- Every priority as at a period, for the "choose a priority" list: id, title, rating.
-- Parameters: $as_at (DATE).
SELECT priority_id, title, rag FROM priorities_at($as_at) ORDER BY priority_id;
