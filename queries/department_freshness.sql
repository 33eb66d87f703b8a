-- Data freshness per department as at a period: its last return on or before the period,
-- when that was loaded, and how many reporting periods since then it has not returned.
-- Only departments that have ever sent a return, and still existed at the period, are listed.
-- Parameters: $as_at (DATE); $department (code, or NULL for all).
WITH periods AS (
    SELECT DISTINCT return_period FROM loads WHERE active AND return_period <= $as_at
),
latest AS (
    SELECT department, max(return_period) AS last_return, arg_max(loaded_at, return_period) AS last_loaded_at
    FROM loads
    WHERE active AND return_period <= $as_at
    GROUP BY department
)
SELECT l.department, coalesce(d.name, l.department) AS department_name, l.last_return,
       l.last_loaded_at,
       (SELECT count(*) FROM periods p WHERE p.return_period > l.last_return) AS periods_missed
FROM latest l
LEFT JOIN departments d ON d.code = l.department
WHERE ($department IS NULL OR l.department = $department)
  AND department_open(l.department, $as_at)
ORDER BY periods_missed DESC, l.department;
