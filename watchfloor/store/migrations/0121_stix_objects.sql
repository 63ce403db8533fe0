-- STIX 2.1 objects imported from partners (watchfloor/exchange/stix.py), kept as they came: their STIX id,
-- their producer (created_by_ref) and where and when they were imported. Exports send them on unchanged.
CREATE TABLE stix_objects (
    id             TEXT PRIMARY KEY,      -- the STIX id, e.g. 'incident--…'
    type           TEXT NOT NULL,
    modified       TEXT,                  -- the object's own 'modified' (RFC 3339), newest kept
    created_by_ref TEXT,
    country        TEXT,                  -- ISO3 where the object says (watchfloor extension, location)
    spec           TEXT NOT NULL,         -- the object's JSON
    imported_from  TEXT NOT NULL,         -- file name or 'api'
    imported_by    TEXT NOT NULL,
    imported_at    TIMESTAMP NOT NULL
);
