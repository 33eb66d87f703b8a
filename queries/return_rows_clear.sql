-- Empties one return table ({table}: a table name from delivery/returns/contract.py); rebuild
-- only, before replaying the archive. No parameters.
DELETE FROM {table}
