-- Live sources (watchfloor/sources/): what each is, where the last run stopped, what each run did.
-- Credentials are never stored here: they come from the environment or the credentials file.
CREATE TABLE sources (
    name          TEXT PRIMARY KEY,       -- 'acled', 'ucdp', 'gdelt', 'crisisgroup-feed', ...
    kind          TEXT NOT NULL,          -- acled, ucdp, gdelt, feed, folder
    every_seconds INTEGER NOT NULL,       -- how often `watchfloor watch` runs it
    settings      TEXT NOT NULL,          -- JSON: base_url, countries, url, allowlist, folder, ...
    enabled       BOOLEAN NOT NULL,
    added_by      TEXT,
    added_at      TIMESTAMP NOT NULL
);

CREATE TABLE source_cursors (
    source     TEXT PRIMARY KEY,
    cursor     TEXT,                      -- JSON: where the next fetch starts (a timestamp, a release, a file)
    updated_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE source_runs_seq START 1;
CREATE TABLE source_runs (
    id          BIGINT PRIMARY KEY DEFAULT nextval('source_runs_seq'),
    source      TEXT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      TEXT NOT NULL,            -- ok, failed
    fetched     INTEGER,                  -- rows or items the source sent
    inserted    INTEGER,
    updated     INTEGER,
    unchanged   INTEGER,
    withdrawn   INTEGER,                  -- rows the source deleted (or candidate rows a final release replaced)
    reports     INTEGER,                  -- reports read and stored
    attempts    INTEGER,                  -- HTTP attempts, retries included
    error       TEXT                      -- what went wrong, never with a credential in it
);

-- Which datasets a source run ingested (a UCDP Candidate release's rows are replaced by the final release's).
CREATE TABLE source_datasets (
    dataset_id INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    release    TEXT,
    candidate  BOOLEAN NOT NULL
);

-- Feed and folder items already read: each stored once, by URL (or path) and content hash.
CREATE TABLE feed_items (
    url          TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source       TEXT NOT NULL,
    report_id    TEXT,
    fetched_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (url, content_hash)
);
