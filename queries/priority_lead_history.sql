-- Who led one priority up to a period, oldest first: every return that reported it (under its
-- current ID or an old one) and every transfer recorded, from the date each took effect.
-- On one date a transfer comes after a return (it names the lead from then on, queries/views.sql),
-- and a later transfer after an earlier one (by record_id, as transfers_at orders them).
-- Parameters: $as_at (DATE); $priority_id (its current ID).
WITH reported AS (
    SELECT return_period AS since, department AS lead_department, 'return' AS how, NULL::BIGINT AS record_id
    FROM priority_ratings_upto($as_at)
    WHERE priority_id = $priority_id
),
transferred AS (
    SELECT t.effective_date AS since, t.to_department AS lead_department, 'transfer' AS how, t.record_id
    FROM priority_transfers t
    LEFT JOIN priority_id_map m ON m.old_id = t.priority_id
    WHERE coalesce(m.new_id, t.priority_id) = $priority_id AND t.effective_date <= $as_at
)
SELECT since, lead_department, how
FROM (SELECT * FROM reported UNION ALL SELECT * FROM transferred)
ORDER BY since, how = 'transfer', record_id
