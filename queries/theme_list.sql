-- The themes of the priorities as at a period. Parameters: $as_at (DATE).
SELECT DISTINCT theme FROM priorities_at($as_at) WHERE theme IS NOT NULL ORDER BY theme;
