-- Every return in force: its department (and the department's name and end date, NULL while it
-- exists), its period and when it was loaded, oldest first. The reporting calendar
-- (delivery/analysis/reporting.py) works out the "as at" choices, the returns expected (not
-- from a department after its end date) and which are late from these.
-- Parameters: none.
SELECT l.department, coalesce(d.name, l.department) AS department_name, l.return_period, l.loaded_at,
       d.end_date
FROM loads l
LEFT JOIN departments d ON d.code = l.department
WHERE l.active
ORDER BY l.return_period, l.department;
