-- Every date each milestone was given, return by return, up to a period: each return's period,
-- baseline, forecast and completion dates, by whichever department reported the milestone's
-- priority (priority_returns_upto, queries/views.sql); for two returns of one period, the one that
-- wins (precedence). What the flags compare: a forecast slipped again and again, a re-baseline.
-- Parameters: $as_at (DATE).
SELECT r.priority_id, m.milestone_id, m.return_period, m.department, m.title,
       m.baseline_date, m.forecast_date, m.completed_date
FROM milestones m
JOIN priority_returns_upto($as_at) r
  ON m.department = r.department AND m.return_period = r.return_period AND m.priority_id = r.source_priority_id
QUALIFY row_number() OVER (PARTITION BY r.priority_id, m.milestone_id, m.return_period ORDER BY r.precedence) = 1
ORDER BY r.priority_id, m.milestone_id, m.return_period;
