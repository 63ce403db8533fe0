-- PostgreSQL only (DuckDB scans these columns fast enough without an index).
-- A brief's audit trail (GET /api/briefs/{id}: audit rows WHERE target = 'brief:<id>' ORDER BY id) was a scan of
-- the whole audit table, which grows with every login and write.
CREATE INDEX IF NOT EXISTS audit_target ON audit (target, id);
-- The events one ingest added (the server's events index reads again only their region-months): by dataset.
CREATE INDEX IF NOT EXISTS events_dataset ON events (dataset_id);
