-- Deletes one department's rows for one period from one return table ({table}: a table
-- name from delivery/returns/contract.py). Parameters: $department, $return_period.
DELETE FROM {table} WHERE department = $department AND return_period = $return_period
