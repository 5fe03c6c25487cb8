-- Failed password checks per (account, client address), for the progressive delay that replaced the hard lockout
-- (issue 10): a stranger who knows an address can no longer lock its owner out. subject: "email:" + SHA-256 of the
-- address typed on the sign-in form (known or not, so the delay does not reveal who has an account), or "user:ID"
-- for the settings page's current-password check. client: the client's address key (IPv4, or an IPv6 /64).
CREATE TABLE signin_failures (
    subject         TEXT NOT NULL,
    client          TEXT NOT NULL,
    failures        INTEGER NOT NULL,
    last_failed_at  TEXT NOT NULL,
    blocked_until   TEXT,
    PRIMARY KEY (subject, client)
);
CREATE INDEX ix_signin_failures_last ON signin_failures (last_failed_at);

-- Server-side sign-in sessions (issue 10): the sign-in cookie carries a random session id and is only accepted
-- while its row exists, so signing out ends the session on every node at once, and a reset can end all of them.
-- Only the SHA-256 of the id is kept, as for other tokens. last_seen_at: written at most hourly, for expiry.
CREATE TABLE user_sessions (
    id_hash       TEXT PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);
