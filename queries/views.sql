-- "As at" table macros: the store as it stood at any reporting period.
-- Run after schema.sql on every new store version (delivery/store/versions.py), so they are
-- persisted in the file and every cursor sees them. Parameter: as_at (a DATE).
--
-- A department's data as at a date is its latest return whose period is on or before
-- that date. Trajectory and actual points are resolved one by one, from the latest
-- return on or before the date that reports that point, so a return may carry only
-- its newest actuals, or the whole series (and so restate history).

CREATE OR REPLACE MACRO returns_at(as_at) AS TABLE
    SELECT department, max(return_period) AS return_period
    FROM loads
    WHERE active AND return_period <= as_at
    GROUP BY department;

CREATE OR REPLACE MACRO priorities_at(as_at) AS TABLE
    SELECT p.* FROM priorities p JOIN returns_at(as_at) r USING (department, return_period);

CREATE OR REPLACE MACRO chain_at(as_at) AS TABLE
    SELECT c.* FROM chain_nodes c JOIN returns_at(as_at) r USING (department, return_period);

CREATE OR REPLACE MACRO milestones_at(as_at) AS TABLE
    SELECT m.* FROM milestones m JOIN returns_at(as_at) r USING (department, return_period);

CREATE OR REPLACE MACRO indicators_at(as_at) AS TABLE
    SELECT i.* FROM indicators i JOIN returns_at(as_at) r USING (department, return_period);

CREATE OR REPLACE MACRO risks_at(as_at) AS TABLE
    SELECT k.* FROM risks k JOIN returns_at(as_at) r USING (department, return_period);

CREATE OR REPLACE MACRO budget_at(as_at) AS TABLE
    SELECT b.* FROM budget b JOIN returns_at(as_at) r USING (department, return_period);

CREATE OR REPLACE MACRO trajectory_at(as_at) AS TABLE
    SELECT * FROM trajectory
    WHERE return_period <= as_at
    QUALIFY row_number() OVER (PARTITION BY department, indicator_id, period_end ORDER BY return_period DESC) = 1;

CREATE OR REPLACE MACRO actuals_at(as_at) AS TABLE
    SELECT * FROM actuals
    WHERE return_period <= as_at AND period_end <= as_at
    QUALIFY row_number() OVER (
        PARTITION BY department, indicator_id, period_end, coalesce(area_code, '')
        ORDER BY return_period DESC) = 1;

-- Every rating a department gave each priority, one row per return up to as_at.
CREATE OR REPLACE MACRO priority_ratings_upto(as_at) AS TABLE
    SELECT department, return_period, priority_id, rag
    FROM priorities
    WHERE return_period <= as_at;

-- The priorities as at a period in the sidebar's scope: led by, or contributed to by,
-- in_department (a code, or NULL for all), with theme in_theme (or NULL for all).
-- (Parameters are prefixed so they cannot be mistaken for the columns they filter.)
CREATE OR REPLACE MACRO priorities_in_scope(as_at, in_department, in_theme) AS TABLE
    SELECT * FROM priorities_at(as_at) p
    WHERE (in_department IS NULL OR p.lead_department = in_department
           OR list_contains(string_split(replace(coalesce(p.contributing_departments, ''), ' ', ''), ','),
                            in_department))
      AND (in_theme IS NULL OR p.theme = in_theme);
