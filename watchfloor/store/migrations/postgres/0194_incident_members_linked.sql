-- PostgreSQL only (DuckDB scans the column fast enough without an index).
-- The records of incidents of several sources (the map's per-month totals read them again after every write of
-- events or incidents, store/web_queries.region_month_linked_rows): a few dozen among a million members, which
-- a scan of the table found in 0.2 s, twice per refresh, while the map's regions waited.
CREATE INDEX IF NOT EXISTS incident_members_linked ON incident_members (record_id) WHERE n_sources > 1;
