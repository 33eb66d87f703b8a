-- Every milestone in scope as at a period, with only its key and dates: what the previous
-- period's side of "What changed" compares (milestone_list without the text, a fifth of the
-- cost to fetch at national scale). Same scope and order as milestone_list.
-- Parameters: $as_at (DATE); $department (code, or NULL for all: the lead or a contributing
-- department of the priority); $theme (or NULL for all).
SELECT m.priority_id, m.milestone_id, m.baseline_date, m.forecast_date, m.completed_date
FROM milestones_at($as_at) m
JOIN priorities_in_scope($as_at, $department, $theme) p USING (department, priority_id)
ORDER BY coalesce(m.forecast_date, m.baseline_date), m.priority_id, m.milestone_id;
