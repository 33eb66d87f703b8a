-- One department's trajectory points as its own returns give them as at a date, each from the
-- latest of its returns on or before that date that plans it, with that return's period: what
-- its next upload would re-plan. Parameters: $department, $as_at (a DATE; a far-future date
-- means "now").
-- Its own returns only, not trajectory_at (which follows each priority across departments):
-- an upload replaces this department's rows.
SELECT indicator_id, period_end, planned_value, return_period
FROM trajectory
WHERE department = $department AND return_period <= $as_at
QUALIFY row_number() OVER (PARTITION BY indicator_id, period_end ORDER BY return_period DESC) = 1
ORDER BY indicator_id, period_end
