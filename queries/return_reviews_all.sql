-- Every review decision ever made, oldest first: the trail behind return_review_states. No parameters.
SELECT seq, load_id, decision, reason, cells, reviewed_by, reviewed_at
FROM return_reviews
ORDER BY seq
