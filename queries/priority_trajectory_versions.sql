-- Every trajectory one priority's indicators have had up to a period: each return's planned
-- path, tagged with the return's period, so a re-baselined (earlier) plan stays visible; from
-- every department that reported the priority (trajectory_upto, queries/views.sql). Two returns
-- for one period: the plan of the one that wins (precedence), never a mix of both.
-- Parameters: $as_at (DATE); $priority_id (its current ID).
SELECT t.indicator_id, t.return_period AS plan_of, t.period_end, t.planned_value
FROM trajectory_upto($as_at) t
JOIN indicators_at($as_at) i USING (priority_id, indicator_id)
WHERE t.priority_id = $priority_id
QUALIFY t.precedence = min(t.precedence) OVER (PARTITION BY t.indicator_id, t.return_period)
ORDER BY t.indicator_id, t.return_period, t.period_end;
