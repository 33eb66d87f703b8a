-- Every trajectory one priority's indicators have had up to a period: each return's planned
-- path, tagged with the return's period, so a re-baselined (earlier) plan stays visible.
-- Parameters: $as_at (DATE); $priority_id.
SELECT t.indicator_id, t.return_period AS plan_of, t.period_end, t.planned_value
FROM trajectory t
JOIN indicators_at($as_at) i USING (department, indicator_id)
WHERE i.priority_id = $priority_id AND t.return_period <= $as_at
ORDER BY t.indicator_id, t.return_period, t.period_end;
