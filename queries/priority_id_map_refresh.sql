-- Rebuilds priority_id_map from priority_aliases: each old ID with the ID it finally became,
-- following chains (A -> B, then B -> C: A is C). record_alias refuses circles. No parameters.
DELETE FROM priority_id_map;
INSERT INTO priority_id_map
WITH RECURSIVE chain(old_id, new_id, depth) AS (
    SELECT old_id, new_id, 1 FROM priority_aliases
    UNION ALL
    SELECT c.old_id, a.new_id, c.depth + 1
    FROM chain c JOIN priority_aliases a ON a.old_id = c.new_id
    WHERE c.depth < 50
)
SELECT old_id, arg_max(new_id, depth) AS new_id FROM chain GROUP BY old_id;
