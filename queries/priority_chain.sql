-- The delivery chain of one priority as at a period, one row per link.
-- Parameters: $as_at (DATE); $priority_id.
SELECT node_id, parent_node_id, name, level, owner, rag, commentary
FROM chain_at($as_at)
WHERE priority_id = $priority_id
ORDER BY node_id;
