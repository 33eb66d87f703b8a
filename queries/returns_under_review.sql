-- The returns in force for periods up to $as_at that the centre has not accepted (received, or
-- returned for revision), oldest first, and whether this connection reads the agreed picture, which
-- leaves them out (delivery/store/versions.py show_picture). Empty until a store switches review on.
-- Parameters: $as_at (DATE).
SELECT l.department, l.return_period, l.load_id, v.review,
       current_setting('search_path') LIKE 'agreed%' AS left_out
FROM main.loads l
JOIN main.load_reviews v USING (load_id)
WHERE l.active AND v.review <> 'accepted' AND l.return_period <= $as_at
ORDER BY l.return_period, l.department
