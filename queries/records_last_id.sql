-- The highest record_id of the centre's records (transfers and priority-ID aliases), 0 if none.
-- No parameters.
SELECT coalesce(max(record_id), 0) AS last_record_id
FROM (SELECT record_id FROM priority_transfers UNION ALL SELECT record_id FROM priority_aliases)
