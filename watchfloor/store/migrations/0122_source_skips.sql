-- A source's run skipped because another thread or process was running that source (sources/run.py): not a
-- run (source_runs keeps what ran, one row per run), but a trace `watchfloor sources status` and the Sources
-- page show as "skipped (running elsewhere)" with its time. One file for both backends.
CREATE SEQUENCE source_skips_seq START 1;
CREATE TABLE source_skips (
    id          BIGINT PRIMARY KEY DEFAULT nextval('source_skips_seq'),
    source      TEXT NOT NULL,
    skipped_at  TIMESTAMP NOT NULL,
    process     TEXT                      -- host and pid of the process whose run was skipped
);
CREATE INDEX source_skips_source ON source_skips (source, skipped_at);
