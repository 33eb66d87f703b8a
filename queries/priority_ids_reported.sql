-- Every priority ID any return has reported, as reported: what a mistyped ID is compared with
-- for a suggestion ("Did you mean HOM-01?"). No parameters.
SELECT DISTINCT priority_id FROM priorities WHERE priority_id IS NOT NULL ORDER BY priority_id
