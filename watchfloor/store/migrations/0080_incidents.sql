-- Incidents: records of the same incident in several sources (events by '<layout>:<source_id>', report
-- events by their fact id) linked into one incident. Links keep their score and the rule that made them;
-- an analyst's split (never link these two) or merge (always link) is kept across re-linking.
CREATE TABLE incident_links (
    record_a   TEXT NOT NULL,
    record_b   TEXT NOT NULL,
    score      DOUBLE PRECISION NOT NULL,
    rule       TEXT NOT NULL,           -- 'auto:days=..,km=..,actors=..,fatalities=..' or 'manual'
    decision   TEXT NOT NULL,           -- 'auto', 'merge' (analyst), 'split' (analyst: not the same)
    decided_by TEXT,
    decided_at TIMESTAMP NOT NULL,
    note       TEXT,
    PRIMARY KEY (record_a, record_b)
);

CREATE TABLE incident_members (
    record_id   TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,          -- the smallest record id of the incident
    source      TEXT NOT NULL,          -- 'ucdp', 'acled', 'report'
    country     TEXT,
    n_sources   INTEGER NOT NULL
);
