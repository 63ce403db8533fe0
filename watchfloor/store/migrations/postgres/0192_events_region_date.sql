-- PostgreSQL only. The map's reads of one region's events go by region and date: the server's events index
-- loads a region (WHERE region_id = ? ORDER BY date_start, id), puts an ingest's events in among a region's
-- months, and until a region is loaded the page comes from SQL (region, date window, ORDER BY date_start, id
-- LIMIT): without this index each of them was a scan of every event.
CREATE INDEX IF NOT EXISTS events_region_date ON events (region_id, date_start, id);
