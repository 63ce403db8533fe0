-- Forecast runs and their per-unit, per-month predictions; backtest results.
CREATE TABLE forecast_runs (
    run_id      TEXT PRIMARY KEY,
    model       TEXT NOT NULL,
    country     TEXT NOT NULL,
    unit        TEXT NOT NULL,            -- 'admin1' or 'grid'
    as_of       DATE NOT NULL,            -- last month of data the model saw
    scenario    TEXT,                     -- e.g. 'withdraw:MINUSMA@Kidal:2019-06', NULL for baseline
    params      TEXT,                     -- JSON
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE forecasts (
    run_id       TEXT NOT NULL,
    unit_id      TEXT NOT NULL,           -- region id or 'pg:<gid>'
    unit_name    TEXT,
    target_month DATE NOT NULL,
    horizon      INTEGER NOT NULL,
    p_fatal      DOUBLE PRECISION NOT NULL,   -- P(>= 1 fatal event)
    p_25         DOUBLE PRECISION NOT NULL,   -- P(>= 25 fatalities)
    mean         DOUBLE PRECISION,
    q05 DOUBLE PRECISION, q10 DOUBLE PRECISION, q25 DOUBLE PRECISION, q50 DOUBLE PRECISION,
    q75 DOUBLE PRECISION, q90 DOUBLE PRECISION, q95 DOUBLE PRECISION,
    PRIMARY KEY (run_id, unit_id, target_month)
);

CREATE TABLE backtests (
    run_id     TEXT PRIMARY KEY,
    country    TEXT NOT NULL,
    unit       TEXT NOT NULL,
    horizons   TEXT NOT NULL,
    result     TEXT NOT NULL,             -- JSON as printed by `watchfloor backtest --json`
    created_at TIMESTAMP NOT NULL
);
