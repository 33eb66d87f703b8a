-- One row per priority as at a period, in a scope: everything its latest return says of it (title,
-- outcome, target, rating and commentary, its lead department and the lead's name), every rating it
-- was given up to the period (oldest first, whichever department led it then; a priority-ID
-- alias brings its old ID's ratings) with each rating's period and the scale of the return
-- that gave it, its next open milestone, and the rating's word as written when the return used
-- a vocabulary word (rag_as_written, e.g. 'No DCA'; NULL otherwise). The picture of every page,
-- brief and command starts here (delivery/analysis/picture.py).
-- A return's scale is 'five-point' when any rating in it (priorities, chain, milestones) is
-- Amber/Red or Amber/Green, 'three-point' when it has Red, Amber or Green but neither of those,
-- and NULL when it has no rating on either scale. The rating before, movement and whether the
-- rating is stale come from the reporting calendar (delivery/analysis/picture.py).
-- Parameters: $as_at (DATE); $department (code, or NULL for all: the lead or a contributing
-- department); $theme (or NULL).
WITH scope AS (
    SELECT * FROM priorities_in_scope($as_at, $department, $theme)
),
rated AS (
    SELECT department, return_period, rag FROM priorities WHERE return_period <= $as_at
    UNION ALL SELECT department, return_period, rag FROM chain_nodes WHERE return_period <= $as_at
    UNION ALL SELECT department, return_period, rag FROM milestones WHERE return_period <= $as_at
),
scales AS (
    SELECT department, return_period,
           CASE WHEN bool_or(rag IN ('Amber/Red', 'Amber/Green')) THEN 'five-point'
                WHEN bool_or(rag IN ('Red', 'Amber', 'Green')) THEN 'three-point' END AS scale
    FROM rated
    GROUP BY department, return_period
),
history AS (
    SELECT h.priority_id,
           list(h.rag ORDER BY h.return_period) AS rag_history,
           list(h.return_period ORDER BY h.return_period) AS rag_periods,
           list(s.scale ORDER BY h.return_period) AS rag_scales
    FROM priority_ratings_upto($as_at) h
    LEFT JOIN scales s USING (department, return_period)
    GROUP BY h.priority_id
),
next_milestone AS (
    SELECT department, priority_id, title AS next_milestone,
           coalesce(forecast_date, baseline_date) AS next_milestone_due
    FROM milestones_at($as_at)
    WHERE completed_date IS NULL OR completed_date > $as_at
    QUALIFY row_number() OVER (PARTITION BY department, priority_id
                               ORDER BY coalesce(forecast_date, baseline_date), milestone_id) = 1
)
SELECT s.priority_id, s.title, s.outcome, s.theme, s.lead_department,
       coalesce(d.name, s.lead_department) AS lead_department_name, s.contributing_departments,
       s.senior_responsible_owner, s.centre_co_lead, s.target, s.target_date, s.rag, s.commentary,
       h.rag_history, h.rag_periods, h.rag_scales,
       n.next_milestone, n.next_milestone_due, s.department, s.return_period AS last_return, s.rag_as_written
FROM scope s
LEFT JOIN history h USING (priority_id)
LEFT JOIN next_milestone n USING (department, priority_id)
LEFT JOIN departments d ON d.code = s.lead_department
ORDER BY s.priority_id;
