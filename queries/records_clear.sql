-- Empties the centre's records before rebuild replays archive/records.jsonl. No parameters.
DELETE FROM priority_transfers;
DELETE FROM priority_aliases;
DELETE FROM priority_id_map;
