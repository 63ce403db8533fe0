-- Tracked judgments (from reports, briefs or typed in) and the history of their resolutions.
-- `probability` is what the judgment is scored with: the band's midpoint, or the explicit number.
CREATE SEQUENCE judgment_seq START 1;
CREATE TABLE judgments (
    id              BIGINT PRIMARY KEY DEFAULT nextval('judgment_seq'),
    claim           TEXT NOT NULL,            -- the sentence as written
    term            TEXT,                     -- the likelihood word(s) as written; NULL for a bare number
    yardstick       TEXT,                     -- icd203, uk_pher, ... (the band's scale)
    band_name       TEXT,                     -- the yardstick's word for the band ('very likely')
    band_lo         DOUBLE PRECISION,
    band_hi         DOUBLE PRECISION,
    probability     DOUBLE PRECISION NOT NULL,
    explicit        BOOLEAN NOT NULL,         -- TRUE when the claim states a number ('a 70 % chance')
    negated         BOOLEAN NOT NULL,
    made_by         TEXT NOT NULL,            -- authors joined with '; ', or the outlet
    authors         TEXT NOT NULL,            -- JSON list (one name per author; the outlet when none)
    source          TEXT NOT NULL,            -- the outlet, or the kind of source ('brief')
    made_at         DATE NOT NULL,
    deadline        DATE,
    deadline_rule   TEXT,                     -- 'stated: by December', 'default: coming weeks', 'given'
    criteria        TEXT,                     -- JSON: the claim as the rules read it; structured=false: a person resolves it
    source_kind     TEXT NOT NULL,            -- report, brief, manual, synthetic
    source_id       TEXT,
    fact_id         TEXT,                     -- facts.id for judgments imported from reports
    status          TEXT NOT NULL,            -- open, resolved
    outcome         TEXT,                     -- true, false, void (NULL while open)
    resolved_at     TIMESTAMP,
    resolved_by     TEXT,
    resolution_note TEXT,
    evidence        TEXT,                     -- JSON: matching event ids and counts for auto-resolution
    manual_only     BOOLEAN NOT NULL,         -- reopened by a person: auto-resolve leaves it alone
    created_at      TIMESTAMP NOT NULL
);

CREATE SEQUENCE judgment_resolution_seq START 1;
CREATE TABLE judgment_resolutions (
    id          BIGINT PRIMARY KEY DEFAULT nextval('judgment_resolution_seq'),
    judgment_id BIGINT NOT NULL,
    action      TEXT NOT NULL,                -- resolve, auto-resolve, reopen
    outcome     TEXT,                         -- true, false, void; NULL for reopen
    note        TEXT,
    evidence    TEXT,                         -- JSON
    as_of       DATE,                         -- the data's last complete month when it was done
    done_by     TEXT NOT NULL,
    done_at     TIMESTAMP NOT NULL
);
