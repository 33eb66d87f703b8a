-- Departments with their names, those with any loaded return first-class; all reference rows.
-- Parameters: none.
SELECT d.code, d.name, count(l.load_id) > 0 AS has_returns
FROM departments d
LEFT JOIN loads l ON l.department = d.code AND l.active
GROUP BY d.code, d.name
ORDER BY d.name;
