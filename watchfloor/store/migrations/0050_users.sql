-- Users of the web dashboard and API: roles, argon2 password hashes, API tokens and browser sessions.
-- Tokens and session ids are stored only as SHA-256 digests.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,          -- viewer, analyst, editor, admin
    password_hash TEXT,                   -- argon2id; NULL: API token only
    created_at    TIMESTAMP NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE api_tokens (
    token_sha256 TEXT PRIMARY KEY,
    user_name    TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE web_sessions (
    session_sha256 TEXT PRIMARY KEY,
    user_name      TEXT NOT NULL,
    csrf_token     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL
);
