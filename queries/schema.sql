-- The store's tables. Each return table carries department, return_period and load_id:
-- a return replaces exactly its department's rows for its period; earlier periods stay.
-- Kept in step with delivery/returns/contract.py (tests/test_store.py checks).

CREATE TABLE IF NOT EXISTS departments (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL);
-- When each department existed (NULL: open) and what it became; refreshed from
-- data/departments.csv on every new version. Lists are '; '-separated text.
ALTER TABLE departments ADD COLUMN IF NOT EXISTS start_date DATE;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS end_date DATE;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS successors VARCHAR;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS former_names VARCHAR;
ALTER TABLE departments ADD COLUMN IF NOT EXISTS aliases VARCHAR;

-- Recorded by the centre (python -m delivery transfer / alias), replayed by rebuild from
-- archive/records.jsonl. A transfer: from effective_date the priority is led by to_department
-- (its last return stays in the picture even if its old department has ended).
CREATE TABLE IF NOT EXISTS priority_transfers (
    record_id BIGINT PRIMARY KEY,
    priority_id VARCHAR NOT NULL,
    to_department VARCHAR NOT NULL,
    effective_date DATE NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL
);

-- A priority ID renamed or merged: rows reported under old_id are the priority new_id.
CREATE TABLE IF NOT EXISTS priority_aliases (
    record_id BIGINT PRIMARY KEY,
    old_id VARCHAR NOT NULL UNIQUE,
    new_id VARCHAR NOT NULL,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL
);

-- Every old priority ID with the ID it finally became (aliases may chain: A -> B -> C).
-- Derived from priority_aliases (queries/priority_id_map_refresh.sql) whenever one is recorded,
-- so the "as at" views join a table instead of following the chain on every query.
CREATE TABLE IF NOT EXISTS priority_id_map (old_id VARCHAR PRIMARY KEY, new_id VARCHAR NOT NULL);

CREATE TABLE IF NOT EXISTS loads (
    load_id BIGINT PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    department VARCHAR,
    return_period DATE,
    loaded_by VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    row_counts VARCHAR,          -- JSON object: sheet name -> rows loaded
    outcome VARCHAR NOT NULL,    -- loaded | unchanged | rolled back | rejected
    reason VARCHAR,              -- the analyst's reason for restating history, or the rollback's
    active BOOLEAN NOT NULL      -- true for the load whose rows are in the tables for its department and period
);

-- Priorities sheet: One row per priority your department leads.
CREATE TABLE IF NOT EXISTS priorities (
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    load_id BIGINT NOT NULL,
    priority_id VARCHAR,
    title VARCHAR,
    outcome VARCHAR,
    theme VARCHAR,
    lead_department VARCHAR,
    contributing_departments VARCHAR,
    senior_responsible_owner VARCHAR,
    centre_co_lead VARCHAR,
    target VARCHAR,
    target_date DATE,
    rag VARCHAR,
    commentary VARCHAR,
    centre_rag VARCHAR
);

-- Delivery chain sheet: The links between the minister and the front line, one row per body.
CREATE TABLE IF NOT EXISTS chain_nodes (
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    load_id BIGINT NOT NULL,
    priority_id VARCHAR,
    node_id VARCHAR,
    parent_node_id VARCHAR,
    name VARCHAR,
    level VARCHAR,
    owner VARCHAR,
    rag VARCHAR,
    commentary VARCHAR
);

-- Milestones sheet: Dated deliverables on the way to the target.
CREATE TABLE IF NOT EXISTS milestones (
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    load_id BIGINT NOT NULL,
    priority_id VARCHAR,
    milestone_id VARCHAR,
    node_id VARCHAR,
    title VARCHAR,
    owner VARCHAR,
    baseline_date DATE,
    forecast_date DATE,
    completed_date DATE,
    rag VARCHAR,
    commentary VARCHAR
);

-- Indicators sheet: The measures that show whether the priority is being delivered.
CREATE TABLE IF NOT EXISTS indicators (
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    load_id BIGINT NOT NULL,
    priority_id VARCHAR,
    indicator_id VARCHAR,
    name VARCHAR,
    unit VARCHAR,
    stage VARCHAR,
    perspective VARCHAR,
    direction VARCHAR,
    baseline_value DOUBLE,
    baseline_date DATE,
    target_value DOUBLE,
    target_date DATE,
    tolerance_pct DOUBLE,
    source VARCHAR
);

-- Trajectory sheet: The planned path of each indicator, one row per indicator per period.
CREATE TABLE IF NOT EXISTS trajectory (
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    load_id BIGINT NOT NULL,
    indicator_id VARCHAR,
    period_end DATE,
    planned_value DOUBLE
);

-- Actuals sheet: What actually happened, one row per indicator, period and area.
CREATE TABLE IF NOT EXISTS actuals (
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    load_id BIGINT NOT NULL,
    indicator_id VARCHAR,
    period_end DATE,
    area_code VARCHAR,
    actual_value DOUBLE
);

-- Risks sheet: Risks (may happen), issues (have happened) and barriers (need others to remove).
CREATE TABLE IF NOT EXISTS risks (
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    load_id BIGINT NOT NULL,
    priority_id VARCHAR,
    risk_id VARCHAR,
    kind VARCHAR,
    description VARCHAR,
    owner VARCHAR,
    likelihood VARCHAR,
    impact VARCHAR,
    escalation VARCHAR,
    status VARCHAR,
    raised_date DATE,
    due_date DATE,
    mitigation VARCHAR
);

-- Budget sheet: Money for each priority by financial year, in pounds.
CREATE TABLE IF NOT EXISTS budget (
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    load_id BIGINT NOT NULL,
    priority_id VARCHAR,
    financial_year VARCHAR,
    allocated DOUBLE,
    forecast DOUBLE,
    spent DOUBLE,
    whole_life_cost_baseline DOUBLE,
    whole_life_cost_forecast DOUBLE,
    variance_narrative VARCHAR
);
-- Added after the first stores were made: a store built before gains the columns on upgrade.
ALTER TABLE budget ADD COLUMN IF NOT EXISTS whole_life_cost_baseline DOUBLE;
ALTER TABLE budget ADD COLUMN IF NOT EXISTS whole_life_cost_forecast DOUBLE;
-- Why a year's forecast differs from its allocation (the reporting cycle's explanations, delivery/returns/explanations.py).
ALTER TABLE budget ADD COLUMN IF NOT EXISTS variance_narrative VARCHAR;

-- Added after the tables above were first created: ALTER ... IF NOT EXISTS, so a store made
-- by older code gains them when its next version is written (delivery/store/versions.py).
-- Warnings a return was loaded with (two-digit years, dates before 2000, negative amounts, an
-- older template): how many, and the list as JSON. Kept in archive/loads.jsonl too, so rebuild keeps them.
ALTER TABLE loads ADD COLUMN IF NOT EXISTS warning_count INTEGER DEFAULT 0;
ALTER TABLE loads ADD COLUMN IF NOT EXISTS warnings VARCHAR;
-- A rating's word as written when the rating vocabulary (data/rating_vocabulary.csv) turned it
-- into a rating ("No DCA" -> Not assessed); NULL when the return used the scale's own words.
ALTER TABLE priorities ADD COLUMN IF NOT EXISTS rag_as_written VARCHAR;
ALTER TABLE chain_nodes ADD COLUMN IF NOT EXISTS rag_as_written VARCHAR;
ALTER TABLE milestones ADD COLUMN IF NOT EXISTS rag_as_written VARCHAR;

-- ---- The centre's judgements (delivery/store/judgements.py): not from returns, so no load_id.
-- Every write is also a line of archive/judgements.jsonl, which rebuild replays after the loads.

-- A return may carry the centre's (assessor's) rating beside the department's (optional column).
ALTER TABLE priorities ADD COLUMN IF NOT EXISTS centre_rag VARCHAR;
-- ... and its word as written, when the rating vocabulary made it a rating (as rag_as_written).
ALTER TABLE priorities ADD COLUMN IF NOT EXISTS centre_rag_as_written VARCHAR;

-- Every write of a centre judgement, in order: who, when, what it was before and after (JSON).
CREATE TABLE IF NOT EXISTS judgement_log (
    seq BIGINT PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- centre rating | action | priority note | covering note
    subject VARCHAR NOT NULL,         -- the priority id (rating, note), the action id (action), or
                                      -- the department code or 'government' (covering note)
    written_by VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL,
    before_json VARCHAR,              -- null when the thing is new
    after_json VARCHAR NOT NULL
);

-- The centre's rating of a priority for a reporting period; the latest write for a priority
-- and period is in force (earlier ones stay, for the record).
CREATE TABLE IF NOT EXISTS centre_ratings (
    seq BIGINT PRIMARY KEY,
    priority_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    rag VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    rated_by VARCHAR NOT NULL,
    rated_at TIMESTAMP NOT NULL
);

-- Actions agreed at a stocktake, as they stand now; open ones carry forward until closed.
CREATE TABLE IF NOT EXISTS stocktake_actions (
    action_id BIGINT PRIMARY KEY,
    priority_id VARCHAR NOT NULL,
    stocktake_date DATE NOT NULL,
    description VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    due_date DATE NOT NULL,
    status VARCHAR NOT NULL,          -- open | closed
    closed_date DATE,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The centre's note for a stocktake brief (delivery/store/notes.py): on one priority, or a covering
-- note on a scope (the whole government, or one department), for a reporting period. Every write is
-- kept; the latest for a priority (or scope) and period is in force; an empty note withdraws it.
CREATE TABLE IF NOT EXISTS centre_notes (
    seq BIGINT PRIMARY KEY,
    kind VARCHAR NOT NULL,            -- priority | covering
    priority_id VARCHAR,              -- a priority note's priority; null for a covering note
    department VARCHAR,               -- a covering note's department; null for the whole government
    period DATE NOT NULL,
    note VARCHAR NOT NULL,
    written_by VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL
);

-- ---- The reporting cycle (delivery/store/reviews.py): not from returns. Every write is also a line
-- of archive/judgements.jsonl, which rebuild replays after the loads.

-- The centre's review of a load: the latest decision for a load is in force (earlier ones stay).
CREATE TABLE IF NOT EXISTS return_reviews (
    seq BIGINT PRIMARY KEY,
    load_id BIGINT NOT NULL,
    decision VARCHAR NOT NULL,        -- accepted | returned for revision
    reason VARCHAR,                   -- why (required when returned for revision)
    cells VARCHAR,                    -- JSON list of {"cell": "Milestones!F14", "note": "..."}
    reviewed_by VARCHAR NOT NULL,
    reviewed_at TIMESTAMP NOT NULL
);

-- When this store began reviewing returns: loads numbered before from_load_id count as accepted.
-- No row: review is off and every load is in every picture, as before.
CREATE TABLE IF NOT EXISTS review_start (
    seq BIGINT PRIMARY KEY,
    from_load_id BIGINT NOT NULL,
    started_by VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL
);

-- Periods an admin closed once their stocktake pack was agreed: a later return for one needs an admin
-- and a reason, and is a restatement (delivery/store/periods.py). The latest close of a period is in force.
CREATE TABLE IF NOT EXISTS period_closes (
    seq BIGINT PRIMARY KEY,
    period DATE NOT NULL,
    reason VARCHAR NOT NULL,
    closed_by VARCHAR NOT NULL,
    closed_at TIMESTAMP NOT NULL
);

-- A load into a closed period: who, when, why, and the ratings it changed (JSON list of
-- {"priority_id", "was", "now"}). Kept in the load's line of archive/loads.jsonl, so rebuild keeps it.
CREATE TABLE IF NOT EXISTS restatements (
    load_id BIGINT PRIMARY KEY,
    department VARCHAR NOT NULL,
    return_period DATE NOT NULL,
    restated_by VARCHAR NOT NULL,
    restated_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL,
    changes VARCHAR NOT NULL
);
