-- One department's rows for one period in one return table ({table}: a table name from
-- delivery/returns/contract.py), without the store's bookkeeping columns, in key order ({key}:
-- the sheet's key columns from delivery/returns/contract.py). Parameters: $department, $return_period.
SELECT * EXCLUDE (department, return_period, load_id)
FROM {table}
WHERE department = $department AND return_period = $return_period
ORDER BY {key}
