-- The centre's notes in force for one period: the latest write of each priority's note (by its
-- current ID: a note written under an old ID counts) and of each scope's covering note, less
-- those withdrawn (an empty note). Covering notes first, then priorities by ID.
-- Parameters: $period (ISO date).
WITH latest AS (
    SELECT n.kind, coalesce(m.new_id, n.priority_id) AS priority_id, n.department, n.note, n.written_by,
           n.written_at
    FROM centre_notes n
    LEFT JOIN priority_id_map m ON m.old_id = n.priority_id
    WHERE n.period = CAST($period AS DATE)
    QUALIFY row_number() OVER (PARTITION BY n.kind, coalesce(m.new_id, n.priority_id), n.department
                               ORDER BY n.seq DESC) = 1
)
SELECT kind, priority_id, department, note, written_by, written_at
FROM latest
WHERE note <> ''
ORDER BY kind = 'priority', priority_id, department NULLS FIRST;
