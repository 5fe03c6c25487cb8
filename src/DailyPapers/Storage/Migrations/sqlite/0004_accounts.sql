-- Local accounts. HF-imported people stay rows of the same table (origin 'hf', no email, no password) so
-- submissions, claims and votes point at one kind of user. Emails are stored lower-cased, so the plain UNIQUE
-- index is case-insensitive in effect on both engines; NULL emails (HF people, deleted accounts) do not collide.
ALTER TABLE users ADD COLUMN origin TEXT NOT NULL DEFAULT 'hf';
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN email_confirmed_at TEXT;
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user';
ALTER TABLE users ADD COLUMN security_stamp TEXT;
ALTER TABLE users ADD COLUMN failed_signins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT;
ALTER TABLE users ADD COLUMN upvotes_public INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN updated_at TEXT;
ALTER TABLE users ADD COLUMN deleted_at TEXT;
CREATE UNIQUE INDEX ux_users_email ON users (email);

-- One-time links (email confirmation, password reset, email change). Only the SHA-256 of the token is kept, so a
-- copy of the database does not hold working links. data: the new address for an email change.
CREATE TABLE account_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    data        TEXT,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX ix_account_tokens_user ON account_tokens (user_id, purpose);

-- Personal API tokens, sent as "Authorization: Bearer …". prefix: the first characters, shown on the settings page.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    prefix        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);
