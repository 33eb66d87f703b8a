-- One priority as at a period: everything its lead department's latest return says about it.
-- Empty if the priority does not exist as at that period. rag_as_written: the return's own word
-- for the rating when the rating vocabulary turned it into one ('No DCA'), else NULL.
-- Parameters: $as_at (DATE); $priority_id.
SELECT p.priority_id, p.title, p.outcome, p.theme, p.lead_department,
       coalesce(d.name, p.lead_department) AS lead_department_name, p.contributing_departments,
       p.senior_responsible_owner, p.centre_co_lead, p.target, p.target_date, p.rag, p.commentary,
       p.department, p.return_period AS last_return, p.rag_as_written
FROM priorities_at($as_at) p
LEFT JOIN departments d ON d.code = p.lead_department
WHERE p.priority_id = $priority_id;
