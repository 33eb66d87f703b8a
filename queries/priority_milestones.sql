-- The milestones of one priority as at a period (statuses are worked out in
-- delivery/analysis/milestone_status.py). Parameters: $as_at (DATE); $priority_id.
SELECT priority_id, milestone_id, node_id, title, owner, baseline_date, forecast_date,
       completed_date, rag, commentary
FROM milestones_at($as_at)
WHERE priority_id = $priority_id
ORDER BY coalesce(forecast_date, baseline_date), milestone_id;
