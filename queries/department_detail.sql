-- One department from the reference list: its dates and successors ('; '-separated), or no row.
-- Parameters: $code.
SELECT code, name, start_date, end_date, successors FROM departments WHERE code = $code
