-- Reports read by the reader and the facts extracted from them (each with its character span).
CREATE TABLE reports (
    id                TEXT PRIMARY KEY,   -- sha256 of the extracted plain text
    path              TEXT,
    title             TEXT,
    published         DATE,
    authors           TEXT,               -- JSON list
    editors           TEXT,               -- JSON list
    region_of_concern TEXT,
    source_url        TEXT,
    outlet            TEXT,
    reliability       TEXT,               -- Admiralty A-F
    language          TEXT,
    text              TEXT NOT NULL,      -- extracted plain text; fact offsets index into it
    sections          TEXT,               -- JSON list of {name, start, end}
    read_at           TIMESTAMP NOT NULL
);

CREATE TABLE facts (
    id          TEXT PRIMARY KEY,         -- '<report_id[:16]>:<kind>:<start>:<end>:<n>'
    report_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,            -- actor, place, date, quantity, judgment, possibility,
                                          -- recommendation, citation, event
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        TEXT NOT NULL,            -- the span (or sentence) the fact rests on
    value       TEXT NOT NULL,            -- JSON payload, as in `watchfloor read --json`
    actor_id    TEXT,                     -- link to actors, where the fact names one
    place_id    TEXT,                     -- link to places, where the fact names one
    region_id   TEXT,
    credibility INTEGER,                  -- Admiralty 1-6
    status      TEXT NOT NULL DEFAULT 'extracted',  -- extracted, confirmed, edited, rejected
    edited_value TEXT,                    -- JSON, when an analyst corrected it
    updated_by  TEXT,
    updated_at  TIMESTAMP
);
