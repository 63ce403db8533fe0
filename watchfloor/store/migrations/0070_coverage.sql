-- What each ingested dataset covers: per country, the period its rows span (or the period stated on
-- ingest with --covers-from/--covers-to). Months outside every chosen source's coverage are unknown.
CREATE TABLE dataset_coverage (
    dataset_id  INTEGER NOT NULL,
    source      TEXT NOT NULL,            -- the events' layout: 'ucdp', 'acled'
    country     TEXT NOT NULL,            -- ISO3
    covers_from DATE NOT NULL,
    covers_to   DATE NOT NULL,
    stated      BOOLEAN NOT NULL,         -- given on ingest (true) or read from the file's rows (false)
    PRIMARY KEY (dataset_id, country)
);

-- Stores ingested before coverage was recorded: read it from the stored rows of each dataset (the
-- dataset's whole period, for every country it has rows for).
INSERT INTO dataset_coverage (dataset_id, source, country, covers_from, covers_to, stated)
SELECT c.dataset_id, p.source, c.country_iso3, p.covers_from, p.covers_to, false
FROM (SELECT DISTINCT dataset_id, country_iso3 FROM events WHERE country_iso3 IS NOT NULL) c
JOIN (SELECT dataset_id, min(layout) AS source, min(date_start) AS covers_from, max(date_end) AS covers_to
      FROM events GROUP BY dataset_id) p ON p.dataset_id = c.dataset_id;
