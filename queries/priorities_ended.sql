-- The priorities in a scope that were reported on or before a period but are in no return in
-- force then: they left the portfolio (delivery/analysis/picture.py). For each, under its current
-- ID: the last return that reported it and what that return said (title, lead, rating), the next
-- return of that department (the first that no longer lists it, NULL if none) and that
-- department's end date (NULL while it exists). It left on the earlier of the two.
-- Parameters: $as_at (DATE); $department (code, or NULL for all: its lead or a contributing
-- department in its last return); $theme (or NULL).
WITH reported AS (
    SELECT coalesce(m.new_id, p.priority_id) AS priority_id, p.department, p.return_period AS last_return,
           p.title, p.theme, p.lead_department, p.contributing_departments, p.rag
    FROM priorities p
    LEFT JOIN priority_id_map m ON m.old_id = p.priority_id
    WHERE p.return_period <= $as_at
    QUALIFY row_number() OVER (PARTITION BY coalesce(m.new_id, p.priority_id)
                               ORDER BY p.return_period DESC, p.priority_id = coalesce(m.new_id, p.priority_id) DESC,
                                        p.department) = 1
),
gone AS (
    SELECT r.* FROM reported r
    ANTI JOIN priority_sources_at($as_at) s USING (priority_id)
),
next_return AS (
    SELECT g.priority_id, min(l.return_period) AS next_return
    FROM gone g
    JOIN loads l ON l.active AND l.department = g.department
                AND l.return_period > g.last_return AND l.return_period <= $as_at
    GROUP BY g.priority_id
)
SELECT g.priority_id, g.title, g.theme, g.department, g.lead_department, g.last_return, g.rag,
       n.next_return, d.end_date,
       CASE WHEN d.end_date < $as_at AND (n.next_return IS NULL OR d.end_date + 1 < n.next_return)
            THEN d.end_date + 1 ELSE n.next_return END AS left_on
FROM gone g
LEFT JOIN next_return n USING (priority_id)
LEFT JOIN departments d ON d.code = g.department
WHERE ($department IS NULL OR g.lead_department = $department
       OR list_contains(string_split(replace(coalesce(g.contributing_departments, ''), ' ', ''), ','), $department))
  AND ($theme IS NULL OR g.theme = $theme)
ORDER BY g.priority_id;
