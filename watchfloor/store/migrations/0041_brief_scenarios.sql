-- What-if comparisons a brief cites (scenario against the forecast without it), kept so that a brief
-- from a ready store does not refit the bootstrap models each time.
CREATE TABLE brief_scenarios (
    country          TEXT NOT NULL,
    as_of            DATE NOT NULL,
    scenario         TEXT NOT NULL,
    model            TEXT NOT NULL,
    n_boot           INTEGER NOT NULL,
    unit_id          TEXT NOT NULL,
    target_month     DATE NOT NULL,
    p_fatal          DOUBLE PRECISION NOT NULL,
    p_fatal_scenario DOUBLE PRECISION NOT NULL,
    diff_p_fatal     DOUBLE PRECISION NOT NULL,
    diff_lo          DOUBLE PRECISION,
    diff_hi          DOUBLE PRECISION,
    created_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (country, as_of, scenario, model, n_boot, unit_id, target_month)
);
