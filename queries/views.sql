-- "As at" table macros: the store as it stood at any reporting period.
-- Run after schema.sql on every new store version (delivery/store/versions.py), so they are
-- persisted in the file and every cursor sees them. Parameter: as_at (a DATE).
--
-- A department's data as at a date is its latest return whose period is on or before
-- that date, and counts only while the department exists (departments.start_date and
-- end_date; a code not in the list counts as open). Each priority is ONE row: among all
-- departments whose latest return reports it (under its ID or an old ID, priority_id_map),
-- the latest return wins, so a priority that moved department keeps one row. A recorded
-- transfer (priority_transfers) made after that return names the lead department and keeps
-- the return in the picture after its own department has ended.
-- Trajectory and actual points are resolved one by one, from the latest
-- return on or before the date that reports that point, so a return may carry only
-- its newest actuals, or the whole series (and so restate history).
--
-- History follows the priority, not the department (the *_upto macros, trajectory_at and
-- actuals_at): a priority's budget, indicators' actuals and plans, and ratings are every row
-- reported for it by any department, under its current ID or an old one (priority_id_map),
-- before and after a transfer or a successor taking over. Where two returns give the same
-- point (a financial year; an indicator's period_end and area; a rating's period), the later
-- return wins; two returns for one period: the one under the current ID, then the lower
-- department code (the order priority_sources_at uses). priority_returns_upto numbers each
-- priority's returns in that order (precedence 1 wins), once, for every history.
-- Indicators are matched across departments by indicator_id within the priority's current ID:
-- I-01 that BEIS reported for ENE-01 and I-01 that DESNZ reports for ENE-01 are one indicator
-- (an indicator_id is unique within a return, so a return's Trajectory and Actuals rows belong
-- to the priority its own Indicators sheet lists that indicator under).

-- True when department in_code existed on on_date.
CREATE OR REPLACE MACRO department_open(in_code, on_date) AS
    NOT EXISTS (SELECT 1 FROM departments d
                WHERE d.code = in_code AND (d.start_date > on_date OR d.end_date < on_date));

-- Each department's latest return on or before as_at, and whether the department still existed then.
-- (A join, not department_open(): a subquery per row is several times slower.)
CREATE OR REPLACE MACRO department_returns_at(as_at) AS TABLE
    SELECT r.department, r.return_period,
           coalesce(d.start_date <= as_at, true) AND coalesce(d.end_date >= as_at, true) AS is_open
    FROM (SELECT department, max(return_period) AS return_period
          FROM loads
          WHERE active AND return_period <= as_at
          GROUP BY department) r
    LEFT JOIN departments d ON d.code = r.department;

CREATE OR REPLACE MACRO returns_at(as_at) AS TABLE
    SELECT department, return_period FROM department_returns_at(as_at) WHERE is_open;

-- The latest transfer in force at as_at for each (current) priority ID, and whether the
-- department it went to still existed at as_at.
CREATE OR REPLACE MACRO transfers_at(as_at) AS TABLE
    SELECT coalesce(m.new_id, t.priority_id) AS priority_id, t.to_department, t.effective_date,
           coalesce(d.start_date <= as_at, true) AND coalesce(d.end_date >= as_at, true) AS to_open
    FROM priority_transfers t
    LEFT JOIN priority_id_map m ON m.old_id = t.priority_id
    LEFT JOIN departments d ON d.code = t.to_department
    WHERE t.effective_date <= as_at
    QUALIFY row_number() OVER (PARTITION BY coalesce(m.new_id, t.priority_id)
                               ORDER BY t.effective_date DESC, t.record_id DESC) = 1;

-- One row per priority as at as_at: which return it comes from (department, return_period,
-- and the ID it was reported under) and its lead department then.
CREATE OR REPLACE MACRO priority_sources_at(as_at) AS TABLE
    WITH candidates AS (
        SELECT coalesce(m.new_id, p.priority_id) AS priority_id, p.priority_id AS source_priority_id,
               p.department, p.return_period, r.is_open
        FROM priorities p
        JOIN department_returns_at(as_at) r USING (department, return_period)
        LEFT JOIN priority_id_map m ON m.old_id = p.priority_id
    )
    SELECT c.priority_id, c.source_priority_id, c.department, c.return_period,
           CASE WHEN t.effective_date >= c.return_period THEN t.to_department ELSE c.department END
               AS lead_department
    FROM candidates c
    LEFT JOIN transfers_at(as_at) t USING (priority_id)
    -- transferred after this return: shown while the new lead exists; otherwise while its own department does
    WHERE CASE WHEN t.effective_date >= c.return_period THEN t.to_open ELSE c.is_open END
    QUALIFY row_number() OVER (PARTITION BY c.priority_id
                               ORDER BY c.return_period DESC, c.source_priority_id = c.priority_id DESC,
                                        c.department, c.source_priority_id) = 1;

CREATE OR REPLACE MACRO priorities_at(as_at) AS TABLE
    SELECT p.* REPLACE (s.priority_id AS priority_id, s.lead_department AS lead_department)
    FROM priorities p
    JOIN priority_sources_at(as_at) s
      ON p.department = s.department AND p.return_period = s.return_period AND p.priority_id = s.source_priority_id;

CREATE OR REPLACE MACRO chain_at(as_at) AS TABLE
    SELECT c.* REPLACE (s.priority_id AS priority_id)
    FROM chain_nodes c
    JOIN priority_sources_at(as_at) s
      ON c.department = s.department AND c.return_period = s.return_period AND c.priority_id = s.source_priority_id;

CREATE OR REPLACE MACRO milestones_at(as_at) AS TABLE
    SELECT m.* REPLACE (s.priority_id AS priority_id)
    FROM milestones m
    JOIN priority_sources_at(as_at) s
      ON m.department = s.department AND m.return_period = s.return_period AND m.priority_id = s.source_priority_id;

CREATE OR REPLACE MACRO indicators_at(as_at) AS TABLE
    SELECT i.* REPLACE (s.priority_id AS priority_id)
    FROM indicators i
    JOIN priority_sources_at(as_at) s
      ON i.department = s.department AND i.return_period = s.return_period AND i.priority_id = s.source_priority_id;

CREATE OR REPLACE MACRO risks_at(as_at) AS TABLE
    SELECT k.* REPLACE (s.priority_id AS priority_id)
    FROM risks k
    JOIN priority_sources_at(as_at) s
      ON k.department = s.department AND k.return_period = s.return_period AND k.priority_id = s.source_priority_id;

CREATE OR REPLACE MACRO budget_at(as_at) AS TABLE
    SELECT b.* REPLACE (s.priority_id AS priority_id)
    FROM budget b
    JOIN priority_sources_at(as_at) s
      ON b.department = s.department AND b.return_period = s.return_period AND b.priority_id = s.source_priority_id;

-- Every return that reported each priority up to as_at, under the priority's current ID, with
-- the ID the return used and its precedence among the priority's returns (1: the latest; see
-- the header). Every history below takes its rows from these returns and nowhere else.
CREATE OR REPLACE MACRO priority_returns_upto(as_at) AS TABLE
    SELECT p.department, p.return_period, p.priority_id AS source_priority_id,
           coalesce(m.new_id, p.priority_id) AS priority_id,
           row_number() OVER (PARTITION BY coalesce(m.new_id, p.priority_id)
                              ORDER BY p.return_period DESC, p.priority_id = coalesce(m.new_id, p.priority_id) DESC,
                                       p.department, p.priority_id) AS precedence
    FROM priorities p
    LEFT JOIN priority_id_map m ON m.old_id = p.priority_id
    WHERE p.return_period <= as_at;

-- Every rating each priority was given, one row per priority (by its current ID) and return
-- period up to as_at, whichever department gave it.
CREATE OR REPLACE MACRO priority_ratings_upto(as_at) AS TABLE
    SELECT p.department, p.return_period, r.priority_id, p.rag
    FROM priorities p
    JOIN priority_returns_upto(as_at) r
      ON p.department = r.department AND p.return_period = r.return_period AND p.priority_id = r.source_priority_id
    QUALIFY row_number() OVER (PARTITION BY r.priority_id, p.return_period ORDER BY r.precedence) = 1;

-- Each priority's money for every financial year reported up to as_at, each year from the
-- latest return that reports it (a return may carry only its own year), whichever department.
CREATE OR REPLACE MACRO budget_upto(as_at) AS TABLE
    SELECT b.* REPLACE (r.priority_id AS priority_id)
    FROM budget b
    JOIN priority_returns_upto(as_at) r
      ON b.department = r.department AND b.return_period = r.return_period AND b.priority_id = r.source_priority_id
    QUALIFY row_number() OVER (PARTITION BY r.priority_id, b.financial_year ORDER BY r.precedence) = 1;

-- Every return's indicators up to as_at with the priority (current ID) the return lists each under,
-- and that return's precedence: how Trajectory and Actuals rows, which name no priority, find theirs.
CREATE OR REPLACE MACRO indicator_returns_upto(as_at) AS TABLE
    SELECT i.department, i.return_period, i.indicator_id, r.priority_id, r.precedence
    FROM indicators i
    JOIN priority_returns_upto(as_at) r
      ON i.department = r.department AND i.return_period = r.return_period AND i.priority_id = r.source_priority_id;

-- Every planned path up to as_at: each return's trajectory rows with their priority and precedence.
CREATE OR REPLACE MACRO trajectory_upto(as_at) AS TABLE
    SELECT t.*, o.priority_id, o.precedence
    FROM trajectory t
    JOIN indicator_returns_upto(as_at) o USING (department, return_period, indicator_id);

-- Each trajectory point of each priority's indicators as at as_at, from the latest return that plans it.
-- department is the department whose return it is, not necessarily the indicator's (indicators_at).
CREATE OR REPLACE MACRO trajectory_at(as_at) AS TABLE
    SELECT * EXCLUDE (precedence) FROM trajectory_upto(as_at)
    QUALIFY row_number() OVER (PARTITION BY priority_id, indicator_id, period_end ORDER BY precedence) = 1;

-- Every actual reported up to as_at for a period on or before it, with its priority and precedence.
CREATE OR REPLACE MACRO actuals_upto(as_at) AS TABLE
    SELECT a.*, o.priority_id, o.precedence
    FROM actuals a
    JOIN indicator_returns_upto(as_at) o USING (department, return_period, indicator_id)
    WHERE a.period_end <= as_at;

-- Each actual (indicator, period, area) of each priority's indicators as at as_at, from the latest
-- return that reports it; department as in trajectory_at.
CREATE OR REPLACE MACRO actuals_at(as_at) AS TABLE
    SELECT * EXCLUDE (precedence) FROM actuals_upto(as_at)
    QUALIFY row_number() OVER (
        PARTITION BY priority_id, indicator_id, period_end, coalesce(area_code, '') ORDER BY precedence) = 1;

-- actuals_at's national figures (blank area) alone: the area rows (millions at national scale)
-- are dropped before the latest-return rule ranks what is left, not after (~10x faster).
CREATE OR REPLACE MACRO national_actuals_at(as_at) AS TABLE
    SELECT * EXCLUDE (precedence) FROM actuals_upto(as_at)
    WHERE area_code IS NULL
    QUALIFY row_number() OVER (PARTITION BY priority_id, indicator_id, period_end ORDER BY precedence) = 1;

-- The priorities as at a period in the sidebar's scope: led by, or contributed to by,
-- in_department (a code, or NULL for all), with theme in_theme (or NULL for all).
-- (Parameters are prefixed so they cannot be mistaken for the columns they filter.)
CREATE OR REPLACE MACRO priorities_in_scope(as_at, in_department, in_theme) AS TABLE
    SELECT * FROM priorities_at(as_at) p
    WHERE (in_department IS NULL OR p.lead_department = in_department
           OR list_contains(string_split(replace(coalesce(p.contributing_departments, ''), ' ', ''), ','),
                            in_department))
      AND (in_theme IS NULL OR p.theme = in_theme);

-- ---- The agreed picture (the reporting cycle, delivery/store/reviews.py) ---------------------------
-- Each load's review state: accepted when the store has not switched review on, or the load was made
-- before it did (review_start.from_load_id), or the centre's latest decision on it accepted it;
-- otherwise 'received' or 'returned for revision'. Every name is qualified with main: this view is
-- read under either search path (below).
CREATE OR REPLACE VIEW main.load_reviews AS
    SELECT l.load_id,
           CASE WHEN s.from_load_id IS NULL OR l.load_id < s.from_load_id THEN 'accepted'
                ELSE coalesce(r.decision, 'received') END AS review
    FROM main.loads l
    CROSS JOIN (SELECT min(from_load_id) AS from_load_id FROM main.review_start) s
    LEFT JOIN (SELECT load_id, decision FROM main.return_reviews
               QUALIFY row_number() OVER (PARTITION BY load_id ORDER BY seq DESC) = 1) r USING (load_id);

-- The returns whose load in force the centre has accepted (or that predate review).
CREATE OR REPLACE VIEW main.agreed_returns AS
    SELECT l.department, l.return_period
    FROM main.loads l JOIN main.load_reviews v USING (load_id)
    WHERE l.active AND v.review = 'accepted';

-- (The views below read load_reviews and agreed_returns as held in tables at the end of each write:
-- queries/agreed_refresh.sql.)
CREATE TABLE IF NOT EXISTS main.load_reviews_held AS SELECT * FROM main.load_reviews;
CREATE TABLE IF NOT EXISTS main.agreed_returns_held AS SELECT * FROM main.agreed_returns;

-- Schema "agreed" shadows the loads log and every return table with what the centre has accepted:
-- a read connection that sets search_path = 'agreed,main' (delivery/store/versions.py show_picture)
-- runs every query and "as at" macro above unchanged, on the agreed picture. A return under review
-- is not in it: its department reads as it stood at its previous accepted return (the tables hold
-- the rows of each return's load in force only, so an accepted load replaced by one under review
-- is not kept beside it). Queries that must see every load as loaded (the loads log, previews,
-- exports) name main.
CREATE SCHEMA IF NOT EXISTS agreed;
CREATE OR REPLACE VIEW agreed.loads AS
    SELECT l.* REPLACE (l.active AND v.review = 'accepted' AS active)
    FROM main.loads l JOIN main.load_reviews_held v USING (load_id);
CREATE OR REPLACE VIEW agreed.priorities AS
    SELECT t.* FROM main.priorities t SEMI JOIN main.agreed_returns_held USING (department, return_period);
CREATE OR REPLACE VIEW agreed.chain_nodes AS
    SELECT t.* FROM main.chain_nodes t SEMI JOIN main.agreed_returns_held USING (department, return_period);
CREATE OR REPLACE VIEW agreed.milestones AS
    SELECT t.* FROM main.milestones t SEMI JOIN main.agreed_returns_held USING (department, return_period);
CREATE OR REPLACE VIEW agreed.indicators AS
    SELECT t.* FROM main.indicators t SEMI JOIN main.agreed_returns_held USING (department, return_period);
CREATE OR REPLACE VIEW agreed.trajectory AS
    SELECT t.* FROM main.trajectory t SEMI JOIN main.agreed_returns_held USING (department, return_period);
CREATE OR REPLACE VIEW agreed.actuals AS
    SELECT t.* FROM main.actuals t SEMI JOIN main.agreed_returns_held USING (department, return_period);
CREATE OR REPLACE VIEW agreed.risks AS
    SELECT t.* FROM main.risks t SEMI JOIN main.agreed_returns_held USING (department, return_period);
CREATE OR REPLACE VIEW agreed.budget AS
    SELECT t.* FROM main.budget t SEMI JOIN main.agreed_returns_held USING (department, return_period);
