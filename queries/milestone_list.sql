-- Every milestone across government as at a period, with its priority's title, theme and lead
-- department, for the Milestones page (statuses are worked out in delivery/analysis/milestone_status.py).
-- Parameters: $as_at (DATE); $department (code, or NULL for all: the lead or a contributing
-- department of the priority); $theme (or NULL for all).
SELECT m.priority_id, p.title AS priority_title, p.theme, p.lead_department AS department,
       m.milestone_id, m.node_id, m.title, m.owner,
       m.baseline_date, m.forecast_date, m.completed_date, m.rag, m.commentary
FROM milestones_at($as_at) m
JOIN priorities_in_scope($as_at, $department, $theme) p USING (department, priority_id)
ORDER BY coalesce(m.forecast_date, m.baseline_date), m.priority_id, m.milestone_id;
