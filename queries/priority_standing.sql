-- Each priority in the store, its lead and who contributes: for the check that a return reports
-- only on priorities its department may (delivery/store/rights.py). The lead is the department
-- whose return first reported the priority (earliest period, then earliest load); the contributors
-- are those its lead's latest return lists for it (NULL when none). No parameters.
WITH firsts AS (
    SELECT priority_id, arg_min(department, (return_period, load_id)) AS lead_department
    FROM priorities
    WHERE priority_id IS NOT NULL
    GROUP BY priority_id
)
SELECT f.priority_id, f.lead_department, p.contributing_departments
FROM firsts f
JOIN priorities p ON p.priority_id = f.priority_id AND p.department = f.lead_department
QUALIFY row_number() OVER (PARTITION BY f.priority_id ORDER BY p.return_period DESC, p.load_id DESC) = 1
ORDER BY f.priority_id;
