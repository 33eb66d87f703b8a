-- The last write of one stocktake action (zero or one row): what a form to change it was shown
-- against. Parameters: $action_id (text, as the judgements log keeps it).
SELECT seq, written_by, written_at
FROM judgement_log
WHERE kind = 'action' AND subject = $action_id
ORDER BY seq DESC
LIMIT 1
