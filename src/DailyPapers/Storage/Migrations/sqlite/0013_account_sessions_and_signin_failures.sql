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
