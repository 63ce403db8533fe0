-- The reader version (its revision and component config) each report was read with; NULL for reports read
-- before versions were stored. Reports of another version can be re-read (watchfloor/read/reread.py).
ALTER TABLE reports ADD COLUMN reader_version TEXT;
