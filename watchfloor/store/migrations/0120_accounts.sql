-- Accounts: API tokens that expire and can be revoked, and who disabled a user when.
-- A token's public id is the first 12 hex digits of its SHA-256 digest (no secret in it).
-- Tokens issued before this migration keep no expiry (expires_at NULL) until revoked.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
ALTER TABLE api_tokens ADD COLUMN revoked_at TIMESTAMP;
ALTER TABLE api_tokens ADD COLUMN revoked_by TEXT;
ALTER TABLE api_tokens ADD COLUMN issued_by TEXT;
ALTER TABLE api_tokens ADD COLUMN note TEXT;
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN disabled_by TEXT;
