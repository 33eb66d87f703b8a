-- Inserts a return's rows into one return table ({table}: a table name from
-- delivery/returns/contract.py) from the DataFrame registered as _return_rows, whose columns are
-- the contract columns plus department, return_period and load_id, matched by name.
-- No parameters.
INSERT INTO {table} BY NAME SELECT * FROM _return_rows
