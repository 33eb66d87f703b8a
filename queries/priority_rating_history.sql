-- Every rating given to one priority up to a period, oldest first: who rated it
-- ('Department' for the reporting department's own rating) and for which period; from every
-- department that reported it, under its current ID or an old one (priority_ratings_upto).
-- Parameters: $as_at (DATE); $priority_id (its current ID).
SELECT return_period, rag, 'Department' AS rated_by, department
FROM priority_ratings_upto($as_at)
WHERE priority_id = $priority_id
ORDER BY return_period;
