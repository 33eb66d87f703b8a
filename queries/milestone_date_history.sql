-- Every date each milestone whose dates ever moved was given, return by return, up to a period, for
-- the priorities $ids: each return's period, baseline, forecast and completion dates, by whichever
-- department reported the milestone's priority (priority_returns_upto, queries/views.sql); for two
-- returns of one period, the one that wins (precedence). What the flags compare: a forecast slipped
-- again and again, a re-baseline. A milestone given the same forecast and baseline dates by every
-- return that reported it can raise neither, so its history is left out (at national scale 40,800
-- rows of 476,000); that test is made before the winning return is picked, so the costly pick is made
-- only for the milestones kept.
-- Parameters: $as_at (DATE), $ids (VARCHAR[]: current priority IDs).
WITH reported AS (
    SELECT r.priority_id, m.milestone_id, m.return_period, m.department, m.title,
           m.baseline_date, m.forecast_date, m.completed_date, r.precedence
    FROM milestones m
    JOIN priority_returns_upto($as_at) r
      ON m.department = r.department AND m.return_period = r.return_period AND m.priority_id = r.source_priority_id
    WHERE list_contains($ids, r.priority_id)
),
moved AS (
    SELECT priority_id, milestone_id
    FROM reported
    GROUP BY priority_id, milestone_id
    HAVING min(forecast_date) < max(forecast_date) OR min(baseline_date) < max(baseline_date)
)
SELECT priority_id, milestone_id, return_period, department, title, baseline_date, forecast_date, completed_date
FROM reported
SEMI JOIN moved USING (priority_id, milestone_id)
QUALIFY row_number() OVER (PARTITION BY priority_id, milestone_id, return_period ORDER BY precedence) = 1
ORDER BY priority_id, milestone_id, return_period;
