-- Alert messages recorded before they are sent (an outbox): a crash between a send and its record resends the
-- very message, under the same delivery id (webhook X-Watchfloor-Delivery, email Message-ID), so that the
-- receiver can drop the repeat; a digest is not regrouped after a crash.
CREATE TABLE alert_outbox (
    delivery_id TEXT PRIMARY KEY,         -- the idempotency key the receiver sees
    channel     TEXT NOT NULL,
    target      TEXT,
    alert_ids   TEXT NOT NULL,            -- JSON list of the alerts the message carries
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    payload     TEXT,                     -- webhook: the JSON body as sent
    secret_env  TEXT,                     -- webhook: the variable holding its HMAC secret (never the secret)
    status      TEXT NOT NULL,            -- queued, sent, failed
    attempts    INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP,
    error       TEXT
);
ALTER TABLE alert_deliveries ADD COLUMN delivery_id TEXT;  -- the outbox message that carries the alert
