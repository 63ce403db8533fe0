-- PostgreSQL only. Linking an ingest's events looks for the records of the other sources around each of them
-- (store/incidents.py: records_near, one range of a source's days per record) and lists the sources the
-- events come from (event_layouts, one probe per source): without this index each was a scan of every event.
CREATE INDEX IF NOT EXISTS events_layout_date ON events (layout, date_start);
