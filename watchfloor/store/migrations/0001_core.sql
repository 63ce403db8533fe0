-- Core tables: datasets, events, reference data (regions, places, actors, force presence), audit.
-- Portable SQL (DuckDB and PostgreSQL): no engine-specific types.
CREATE TABLE datasets (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    layout      TEXT NOT NULL,
    licence     TEXT,
    rows_read   INTEGER,
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE events (
    id                 TEXT PRIMARY KEY,      -- '<layout>:<source_id>'
    dataset_id         INTEGER NOT NULL,
    layout             TEXT NOT NULL,
    source_id          TEXT NOT NULL,
    source_row         INTEGER,
    date_start         DATE NOT NULL,
    date_end           DATE NOT NULL,
    date_precision     TEXT,
    country_iso3       TEXT,
    admin1_source      TEXT,
    region_id          TEXT,                  -- admin-1 assigned by point-in-polygon
    admin1             TEXT,
    latitude           DOUBLE PRECISION,
    longitude          DOUBLE PRECISION,
    location_precision INTEGER,
    location_name      TEXT,
    actor1             TEXT,
    actor2             TEXT,
    violence_type      TEXT,
    event_type         TEXT,
    sub_event_type     TEXT,
    source_type        TEXT,
    fatalities         INTEGER NOT NULL,
    fatalities_low     INTEGER,
    fatalities_high    INTEGER,
    notes              TEXT,
    flag               TEXT,
    row_hash           TEXT NOT NULL
);

CREATE TABLE regions (
    id        TEXT PRIMARY KEY,     -- e.g. 'MLI.ML-7'
    country   TEXT NOT NULL,        -- ISO3
    level     INTEGER NOT NULL,     -- 0 country, 1 admin-1
    name      TEXT NOT NULL,
    code      TEXT,
    name_alt  TEXT,                 -- '|'-joined alternative names
    geometry  TEXT NOT NULL,        -- GeoJSON geometry
    source    TEXT
);

CREATE TABLE places (
    id         TEXT PRIMARY KEY,    -- 'geonames:<id>' or 'supplement:<slug>'
    name       TEXT NOT NULL,
    country    TEXT,                -- ISO3
    latitude   DOUBLE PRECISION NOT NULL,
    longitude  DOUBLE PRECISION NOT NULL,
    region_id  TEXT,
    admin1     TEXT,
    population INTEGER,
    kind       TEXT,                -- populated place, region, country, base...
    alt_names  TEXT,                -- '|'-joined
    source     TEXT
);

CREATE TABLE actors (
    id          TEXT PRIMARY KEY,   -- 'ucdp:<ActorId>' or 'dict:<slug>'
    name        TEXT NOT NULL,
    kind        TEXT,               -- state force, rebel coalition, jihadist group, ...
    country     TEXT,
    parent_id   TEXT,
    valid_from  DATE,
    valid_until DATE,
    successor_id TEXT,
    source      TEXT
);

CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL,
    alias    TEXT NOT NULL,
    lang     TEXT,
    PRIMARY KEY (actor_id, alias)
);

CREATE TABLE force_presence (
    id            TEXT PRIMARY KEY,
    actor         TEXT NOT NULL,
    contributor   TEXT,
    place         TEXT NOT NULL,
    latitude      DOUBLE PRECISION NOT NULL,
    longitude     DOUBLE PRECISION NOT NULL,
    region_id     TEXT,
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    strength      DOUBLE PRECISION,
    strength_kind TEXT,
    source        TEXT NOT NULL,
    source_row    INTEGER,
    flag          TEXT
);

CREATE TABLE rejected_rows (
    dataset_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    column_name TEXT,
    value      TEXT,
    reason     TEXT NOT NULL
);

CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit (
    id       BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    happened_at TIMESTAMP NOT NULL,
    actor    TEXT NOT NULL,         -- the user or process
    action   TEXT NOT NULL,         -- 'ingest', 'regions.load', 'brief.publish', ...
    target   TEXT,
    detail   TEXT                   -- JSON
);

CREATE TABLE countries (
    iso3        TEXT PRIMARY KEY,
    iso_numeric INTEGER,
    iso2        TEXT,
    name        TEXT NOT NULL
);

CREATE TABLE country_names (
    name TEXT PRIMARY KEY,       -- lower-case spelling, as sources write it
    iso3 TEXT NOT NULL
);

CREATE TABLE country_gw_codes (
    gw_code INTEGER PRIMARY KEY,
    iso3    TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT
);
