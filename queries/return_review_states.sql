-- The review decision in force for each reviewed load (its latest), with who, when, why and the
-- cells named (JSON text), and how many decisions the load has had. No parameters.
SELECT load_id, decision, reason, cells, reviewed_by, reviewed_at, seq,
       count(*) OVER (PARTITION BY load_id) AS decisions
FROM return_reviews
QUALIFY row_number() OVER (PARTITION BY load_id ORDER BY seq DESC) = 1
ORDER BY load_id
