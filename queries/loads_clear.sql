-- Empties the loads log (rebuild only, before replaying the archive). No parameters.
DELETE FROM loads
