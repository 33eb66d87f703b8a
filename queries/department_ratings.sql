-- How many priorities each department leads or contributes to at each rating, as at a period.
-- A shared priority counts once for its lead and once for each contributing department.
-- Parameters: $as_at (DATE); $department (code, or NULL for all); $theme (or NULL).
WITH roles AS (
    SELECT p.priority_id, p.rag, p.theme, p.lead_department AS department, 'lead' AS role
    FROM priorities_at($as_at) p
    UNION ALL
    SELECT p.priority_id, p.rag, p.theme, trim(code) AS department, 'contributing' AS role
    FROM priorities_at($as_at) p, unnest(string_split(coalesce(p.contributing_departments, ''), ',')) AS u(code)
    WHERE trim(code) <> ''
)
SELECT r.department, coalesce(d.name, r.department) AS department_name,
       coalesce(r.rag, 'Not assessed') AS rag, count(*) AS priorities
FROM roles r
LEFT JOIN departments d ON d.code = r.department
WHERE ($department IS NULL OR r.department = $department)
  AND ($theme IS NULL OR r.theme = $theme)
GROUP BY ALL
ORDER BY r.department, rag;
