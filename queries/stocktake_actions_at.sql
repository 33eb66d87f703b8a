-- Every stocktake action agreed on or before as_at, as it stood then: open until the day it
-- was closed, and overdue when still open after its due date. Open ones first, most overdue first.
-- Parameters: $as_at (DATE).
SELECT a.action_id, a.priority_id, coalesce(p.title, a.priority_id) AS priority_title, p.lead_department,
       a.stocktake_date, a.description, a.owner, a.due_date,
       CASE WHEN a.status = 'closed' AND a.closed_date <= $as_at THEN 'closed' ELSE 'open' END AS status,
       CASE WHEN a.status = 'closed' AND a.closed_date <= $as_at THEN a.closed_date END AS closed_date,
       (a.status = 'open' OR a.closed_date > $as_at) AND a.due_date < $as_at AS overdue,
       CASE WHEN (a.status = 'open' OR a.closed_date > $as_at) AND a.due_date < $as_at
            THEN date_diff('day', a.due_date, $as_at) END AS days_overdue,
       a.updated_by, a.updated_at
FROM stocktake_actions a
LEFT JOIN priorities_at($as_at) p ON p.priority_id = a.priority_id
WHERE a.stocktake_date <= $as_at
ORDER BY status = 'closed', days_overdue DESC NULLS LAST, a.due_date, a.action_id;
