-- Empties one return table ({table}: a table name from delivery/contract.py); rebuild
-- only, before replaying the archive. No parameters.
DELETE FROM {table}
