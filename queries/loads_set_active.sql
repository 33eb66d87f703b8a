-- Marks $load_id as the one active load of its department and period, and every other
-- load of that department and period inactive ($load_id NULL: none is active).
-- Parameters: $department, $return_period, $load_id.
UPDATE loads
SET active = coalesce(load_id = $load_id, false)
WHERE department = $department AND return_period = $return_period
