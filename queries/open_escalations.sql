-- Open risks, issues and barriers escalated to the centre or the minister, as at a period,
-- for priorities in the sidebar's scope. Parameters: $as_at (DATE); $department (code, or
-- NULL for all: the lead or a contributing department); $theme (or NULL).
SELECT k.priority_id, p.title AS priority_title, k.risk_id, k.kind, k.description, k.owner,
       k.escalation, k.likelihood, k.impact, k.raised_date, k.due_date, k.mitigation
FROM risks_at($as_at) k
JOIN priorities_at($as_at) p USING (department, priority_id)
WHERE k.status = 'open' AND k.escalation IN ('centre', 'minister')
  AND ($department IS NULL OR p.lead_department = $department
       OR list_contains(string_split(replace(coalesce(p.contributing_departments, ''), ' ', ''), ','), $department))
  AND ($theme IS NULL OR p.theme = $theme)
ORDER BY k.escalation DESC, k.priority_id, k.risk_id;
