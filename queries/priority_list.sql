-- One row per priority as at a period, in the sidebar's scope: its rating now and at the
-- previous period, every rating it was given up to the period (oldest first, whichever
-- department led it then), and its next open milestone. For the Overview and Priorities pages.
-- Parameters: $as_at (DATE); $previous (DATE, or NULL when there is no earlier period);
-- $department (code, or NULL for all: the lead or a contributing department); $theme (or NULL).
WITH scope AS (
    SELECT * FROM priorities_in_scope($as_at, $department, $theme)
),
before AS (
    SELECT priority_id, rag AS rag_before FROM priorities_at($previous)
),
history AS (
    SELECT priority_id, list(rag ORDER BY return_period) AS rag_history
    FROM priority_ratings_upto($as_at)
    GROUP BY priority_id
),
next_milestone AS (
    SELECT department, priority_id, title AS next_milestone,
           coalesce(forecast_date, baseline_date) AS next_milestone_due
    FROM milestones_at($as_at)
    WHERE completed_date IS NULL OR completed_date > $as_at
    QUALIFY row_number() OVER (PARTITION BY department, priority_id
                               ORDER BY coalesce(forecast_date, baseline_date), milestone_id) = 1
)
SELECT s.priority_id, s.title, s.theme, s.lead_department, s.contributing_departments,
       s.senior_responsible_owner, s.rag, b.rag_before, h.rag_history,
       n.next_milestone, n.next_milestone_due, s.department, s.return_period AS last_return
FROM scope s
LEFT JOIN before b USING (priority_id)
LEFT JOIN history h USING (priority_id)
LEFT JOIN next_milestone n USING (department, priority_id)
ORDER BY s.priority_id;
