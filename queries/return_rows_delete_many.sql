-- Deletes the rows of several returns from one return table ({table}: a table name from
-- delivery/returns/contract.py): every (department, return_period) pair in the DataFrame registered
-- as _return_targets. No parameters.
DELETE FROM {table}
WHERE (department, return_period) IN (SELECT (department, return_period) FROM _return_targets)
