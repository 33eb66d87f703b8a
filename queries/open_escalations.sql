-- Open risks, issues and barriers escalated to the centre or the minister, as at a period,
-- for priorities in the sidebar's scope. Parameters: $as_at (DATE); $department (code, or
-- NULL for all: the lead or a contributing department); $theme (or NULL).
SELECT k.priority_id, p.title AS priority_title, k.risk_id, k.kind, k.description, k.owner,
       k.escalation, k.likelihood, k.impact, k.raised_date, k.due_date, k.mitigation
FROM risks_at($as_at) k
JOIN priorities_in_scope($as_at, $department, $theme) p USING (department, priority_id)
WHERE k.status = 'open' AND k.escalation IN ('centre', 'minister')
ORDER BY k.escalation DESC, k.priority_id, k.risk_id;
