-- Every date each milestone whose dates ever moved was given, return by return, up to a period, for
-- the priorities $ids: each return's period, baseline, forecast and completion dates, by whichever
-- department reported the milestone's priority (priority_returns_upto, queries/views.sql); for two
-- returns of one period, the one that wins (precedence). What the flags compare: a forecast slipped
-- again and again, a re-baseline. A milestone whose forecast and baseline dates never changed can
-- raise neither, so its history is left out: at national scale that is 40,800 rows, not 476,000.
-- Parameters: $as_at (DATE), $ids (VARCHAR[]: current priority IDs).
WITH history AS (
    SELECT r.priority_id, m.milestone_id, m.return_period, m.department, m.title,
           m.baseline_date, m.forecast_date, m.completed_date
    FROM milestones m
    JOIN priority_returns_upto($as_at) r
      ON m.department = r.department AND m.return_period = r.return_period AND m.priority_id = r.source_priority_id
    WHERE list_contains($ids, r.priority_id)
    QUALIFY row_number() OVER (PARTITION BY r.priority_id, m.milestone_id, m.return_period ORDER BY r.precedence) = 1
),
moved AS (
    SELECT priority_id, milestone_id
    FROM history
    GROUP BY priority_id, milestone_id
    HAVING count(DISTINCT forecast_date) > 1 OR count(DISTINCT baseline_date) > 1
)
SELECT h.*
FROM history h
SEMI JOIN moved USING (priority_id, milestone_id)
ORDER BY priority_id, milestone_id, return_period;
