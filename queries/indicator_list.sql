-- Every indicator as at a period with its priority's title, for the Indicators page.
-- Parameters: $as_at (DATE); $department (code, or NULL for all: the lead or a contributing
-- department of the priority); $theme (or NULL for all).
SELECT i.department, i.priority_id, p.title AS priority_title, p.theme,
       i.indicator_id, i.name, i.unit, i.stage, i.perspective, i.direction,
       i.baseline_value, i.baseline_date, i.target_value, i.target_date, i.tolerance_pct, i.source
FROM indicators_at($as_at) i
JOIN priorities_in_scope($as_at, $department, $theme) p USING (department, priority_id)
ORDER BY i.priority_id, i.indicator_id;
