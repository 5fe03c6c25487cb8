-- One durable outbox for every mail (issues 10 and 11): account mails, comment notifications and subscription
-- confirmations join the digests in digest_outbox, so a restart loses none and one sender delivers them all with
-- the same retry rules. Digest rows keep subscriber_id and period (their text is built from the issue when sent);
-- other rows carry their recipient and their rendered text. priority: lower is sent first (0 account mail,
-- 1 notifications, 2 digests and alerts), so a flood of notifications or a big digest run never delays a reset mail.
-- SQLite cannot drop NOT NULL from a column: the table is rebuilt (PostgreSQL alters it in place).

CREATE TABLE digest_outbox_0013 (
    id              INTEGER PRIMARY KEY,
    subscriber_id   INTEGER REFERENCES digest_subscribers(id) ON DELETE CASCADE,  -- digests and alerts only
    period          TEXT,                          -- digests and alerts only
    kind            TEXT NOT NULL,                 -- digest | alerts | account | subscribe | notification
    priority        INTEGER NOT NULL DEFAULT 2,
    recipient       TEXT,                          -- the address of a mail without a subscriber
    subject         TEXT,                          -- rendered mail (NULL for digests and alerts)
    body            TEXT,
    body_html       TEXT,
    message_id      TEXT NOT NULL,                 -- kept so a re-sent mail carries the same Message-ID
    alert_matches   TEXT,                          -- JSON: [{ "alert": "…", "ids": ["2506.01234", …] }]
    status          TEXT NOT NULL,                 -- queued | sent | failed | dropped
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    UNIQUE (subscriber_id, period, kind),
    CHECK (subscriber_id IS NOT NULL OR recipient IS NOT NULL)
);
INSERT INTO digest_outbox_0013 (id, subscriber_id, period, kind, priority, message_id, alert_matches, status, attempts,
                                next_attempt_at, last_error, created_at, sent_at)
SELECT id, subscriber_id, period, kind, 2, message_id, alert_matches, status, attempts, next_attempt_at, last_error, created_at, sent_at
FROM digest_outbox;
DROP TABLE digest_outbox;
ALTER TABLE digest_outbox_0013 RENAME TO digest_outbox;
CREATE INDEX ix_digest_outbox_due ON digest_outbox (status, next_attempt_at, id);
CREATE INDEX ix_digest_outbox_priority ON digest_outbox (status, priority, id);
CREATE INDEX ix_digest_outbox_recipient ON digest_outbox (recipient, kind, status);
