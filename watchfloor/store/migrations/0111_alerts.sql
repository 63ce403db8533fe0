-- Alerts (watchfloor/alerts/): rules per user or team, one alert per incident and rule, each delivery once.
CREATE SEQUENCE alert_rules_seq START 1;
CREATE TABLE alert_rules (
    id           INTEGER PRIMARY KEY DEFAULT nextval('alert_rules_seq'),
    name         TEXT NOT NULL,
    owner        TEXT NOT NULL,           -- a user or a team
    countries    TEXT,                    -- JSON list of ISO3 codes (empty: all)
    regions      TEXT,                    -- JSON list of region ids or names (empty: all)
    kinds        TEXT,                    -- JSON list of trigger kinds or families (empty: all)
    min_severity INTEGER NOT NULL,
    channel      TEXT NOT NULL,           -- email, webhook, in-app
    target       TEXT,                    -- an address or a URL (the webhook's secret stays in the environment)
    secret_env   TEXT,                    -- the environment variable holding the webhook's HMAC secret
    digest       BOOLEAN NOT NULL,
    enabled      BOOLEAN NOT NULL,
    created_by   TEXT,
    created_at   TIMESTAMP NOT NULL
);

CREATE SEQUENCE alerts_seq START 1;
CREATE TABLE alerts (
    id              BIGINT PRIMARY KEY DEFAULT nextval('alerts_seq'),
    rule_id         INTEGER NOT NULL,
    incident        TEXT NOT NULL,        -- the incident (or trigger) the alert is about
    kind            TEXT NOT NULL,
    severity        INTEGER NOT NULL,
    country         TEXT,
    region          TEXT,
    month           DATE,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    evidence        TEXT,                 -- JSON list
    created_at      TIMESTAMP NOT NULL,
    acknowledged_by TEXT,
    acknowledged_at TIMESTAMP,
    UNIQUE (rule_id, incident)
);

CREATE TABLE alert_deliveries (
    alert_id  BIGINT NOT NULL,
    channel   TEXT NOT NULL,
    target    TEXT,
    status    TEXT NOT NULL,              -- pending, sent, failed
    attempts  INTEGER NOT NULL,
    sent_at   TIMESTAMP,
    error     TEXT,
    PRIMARY KEY (alert_id, channel)
);
