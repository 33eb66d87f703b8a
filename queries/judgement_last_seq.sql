-- The highest seq in the judgement log (0 when nothing has been recorded). No parameters.
SELECT coalesce(max(seq), 0) AS last_seq FROM judgement_log;
