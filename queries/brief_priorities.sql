-- The priorities in a brief's scope as at a period, with everything a brief says about each:
-- the department's rating and commentary, target, owner and its lead department's name.
-- Parameters: $as_at (DATE); $department (code, or NULL for all: lead or contributing); $theme (or NULL).
SELECT p.priority_id, p.title, p.outcome, p.theme, p.lead_department,
       coalesce(d.name, p.lead_department) AS lead_department_name, p.contributing_departments,
       p.senior_responsible_owner, p.target, p.target_date, p.rag, p.commentary,
       p.department, p.return_period AS last_return
FROM priorities_in_scope($as_at, $department, $theme) p
LEFT JOIN departments d ON d.code = p.lead_department
ORDER BY p.priority_id;
