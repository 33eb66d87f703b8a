-- The risks, issues and barriers of one priority as at a period: open ones first, the
-- escalated first among them. Parameters: $as_at (DATE); $priority_id.
SELECT risk_id, kind, description, owner, likelihood, impact, escalation, status,
       raised_date, due_date, mitigation
FROM risks_at($as_at)
WHERE priority_id = $priority_id
ORDER BY status = 'closed', escalation = 'none', escalation DESC, risk_id;
