-- Every risk, issue and barrier as at a period for priorities in a scope.
-- Parameters: $as_at (DATE); $department (code, or NULL for all: lead or contributing); $theme (or NULL).
SELECT k.priority_id, p.title AS priority_title, k.risk_id, k.kind, k.description, k.owner,
       k.likelihood, k.impact, k.escalation, k.status, k.raised_date, k.due_date, k.mitigation
FROM risks_at($as_at) k
JOIN priorities_in_scope($as_at, $department, $theme) p USING (department, priority_id)
ORDER BY k.priority_id, k.status = 'closed', k.escalation = 'none', k.escalation DESC, k.risk_id;
