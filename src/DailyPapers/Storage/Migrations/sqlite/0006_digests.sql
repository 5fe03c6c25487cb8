-- Email digests: subscribers (double opt-in, no account needed), alerts of signed-in users, one issue per period
-- (the papers it shows, snapshotted when built) and the outbox the sender delivers from.
-- UNIQUE (subscriber_id, period, kind) on the outbox is what makes a digest be built once per subscriber and period.

CREATE TABLE digest_subscribers (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,          -- normalised (trimmed, domain lower-cased)
    cadence         TEXT NOT NULL,                 -- daily | weekly
    status          TEXT NOT NULL,                 -- pending | confirmed | unsubscribed | bounced
    user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    confirm_sent_at TEXT,
    confirmed_at    TEXT,
    unsubscribed_at TEXT,
    bounced_at      TEXT,
    bounce_reason   TEXT
);
CREATE INDEX ix_digest_subscribers_status ON digest_subscribers (status, cadence, id);
CREATE INDEX ix_digest_subscribers_user ON digest_subscribers (user_id);

CREATE TABLE digest_alerts (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                     -- search | organization | author
    value       TEXT NOT NULL,                     -- search: JSON of SearchQuery fields; else a name
    delivery    TEXT NOT NULL,                     -- digest | own
    created_at  TEXT NOT NULL
);
CREATE INDEX ix_digest_alerts_user ON digest_alerts (user_id);

CREATE TABLE digest_issues (
    period      TEXT PRIMARY KEY,                  -- daily:2025-06-16 | weekly:2025-W25
    feed_from   TEXT NOT NULL,
    feed_to     TEXT NOT NULL,
    papers      TEXT NOT NULL,                     -- JSON: every paper featured in the period, trending first
    top_count   INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    completed_at TEXT                              -- set when every subscriber's row is written
);

CREATE TABLE digest_outbox (
    id              INTEGER PRIMARY KEY,
    subscriber_id   INTEGER NOT NULL REFERENCES digest_subscribers(id) ON DELETE CASCADE,
    period          TEXT NOT NULL,
    kind            TEXT NOT NULL,                 -- digest | alerts (alert matches as their own mail)
    message_id      TEXT NOT NULL,                 -- kept so a re-sent mail carries the same Message-ID
    alert_matches   TEXT,                          -- JSON: [{ "alert": "…", "ids": ["2506.01234", …] }]
    status          TEXT NOT NULL,                 -- queued | sent | failed | dropped
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    UNIQUE (subscriber_id, period, kind)
);
CREATE INDEX ix_digest_outbox_due ON digest_outbox (status, next_attempt_at, id);
