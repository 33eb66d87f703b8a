-- Every write of a centre rating, stocktake action or note, newest first: who, when, before and after.
-- Parameters: $priority_id (or NULL for all; an action's writes are matched through its priority;
-- a covering note is on a scope, never on a priority).
SELECT l.seq, l.kind, l.subject, l.written_by, l.written_at, l.before_json, l.after_json
FROM judgement_log l
LEFT JOIN stocktake_actions a ON l.kind = 'action' AND a.action_id = TRY_CAST(l.subject AS BIGINT)
WHERE $priority_id IS NULL OR (l.subject = $priority_id AND l.kind <> 'covering note') OR a.priority_id = $priority_id
ORDER BY l.seq DESC;
