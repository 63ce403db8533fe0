-- Briefs (warnings) with versions; draft -> reviewed -> published. A published version is never
-- changed (watchfloor/store/briefs.py refuses); a correction is a new version.
CREATE SEQUENCE briefs_seq START 1;
CREATE TABLE briefs (
    id              INTEGER PRIMARY KEY DEFAULT nextval('briefs_seq'),
    country         TEXT NOT NULL,        -- ISO3
    region          TEXT,                 -- region of concern as written on the brief
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    current_version INTEGER NOT NULL
);

CREATE TABLE brief_versions (
    brief_id        INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    status          TEXT NOT NULL,        -- draft, reviewed, published
    title           TEXT NOT NULL,
    severity        INTEGER NOT NULL,     -- 1 assessment, 2 warning, 3 imminent warning
    as_of           DATE NOT NULL,        -- the data's "now" (last complete month)
    forecast_run_id TEXT,
    authors         TEXT NOT NULL,        -- JSON list
    editors         TEXT NOT NULL,        -- JSON list
    content         TEXT NOT NULL,        -- JSON: the composed brief (sections, sentences, footnotes)
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    reviewed_at     TIMESTAMP,
    reviewed_by     TEXT,
    published_at    TIMESTAMP,
    published_by    TEXT,
    PRIMARY KEY (brief_id, version)
);

CREATE TABLE brief_assets (
    brief_id INTEGER NOT NULL,
    version  INTEGER NOT NULL,
    name     TEXT NOT NULL,               -- 'map', 'timeline'
    mime     TEXT NOT NULL,
    data     TEXT NOT NULL,               -- base64
    PRIMARY KEY (brief_id, version, name)
);

CREATE TABLE brief_judgments (
    brief_id     INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    claim        TEXT NOT NULL,
    term         TEXT NOT NULL,           -- the ICD 203 word
    probability  DOUBLE PRECISION NOT NULL,
    band_lo      DOUBLE PRECISION,
    band_hi      DOUBLE PRECISION,
    run_id       TEXT,                    -- the forecast run the number comes from
    unit_id      TEXT,
    target_month DATE,
    deadline     DATE,
    criteria     TEXT,
    judgment_id  TEXT,                    -- the judgment tracker's id, once published
    PRIMARY KEY (brief_id, version, n)
);
