-- Every link of every delivery chain as at a period, with its priority's title, for the
-- Delivery chains page (weakest links, levels and shared bodies are worked out in delivery/analysis/chains.py).
-- Parameters: $as_at (DATE); $department (code, or NULL for all: the lead or a contributing
-- department of the priority); $theme (or NULL for all).
SELECT c.priority_id, p.title AS priority_title, p.theme, p.lead_department AS department,
       c.node_id, c.parent_node_id, c.name, c.level, c.owner, c.rag, c.commentary
FROM chain_at($as_at) c
JOIN priorities_in_scope($as_at, $department, $theme) p USING (department, priority_id)
ORDER BY c.priority_id, c.node_id;
