-- One durable outbox for every mail (issues 10 and 11): account mails, comment notifications and subscription
-- confirmations join the digests in digest_outbox, so a restart loses none and one sender delivers them all with
-- the same retry rules. Digest rows keep subscriber_id and period (their text is built from the issue when sent);
-- other rows carry their recipient and their rendered text. priority: lower is sent first (0 account mail,
-- 1 notifications, 2 digests and alerts), so a flood of notifications or a big digest run never delays a reset mail.

ALTER TABLE digest_outbox
    ALTER COLUMN subscriber_id DROP NOT NULL,       -- digests and alerts only
    ALTER COLUMN period DROP NOT NULL,              -- digests and alerts only
    ADD COLUMN priority INTEGER NOT NULL DEFAULT 2,
    ADD COLUMN recipient TEXT,                      -- the address of a mail without a subscriber
    ADD COLUMN subject TEXT,                        -- rendered mail (NULL for digests and alerts)
    ADD COLUMN body TEXT,
    ADD COLUMN body_html TEXT,
    ADD CONSTRAINT ck_digest_outbox_recipient CHECK (subscriber_id IS NOT NULL OR recipient IS NOT NULL);
CREATE INDEX ix_digest_outbox_priority ON digest_outbox (status, priority, id);
CREATE INDEX ix_digest_outbox_recipient ON digest_outbox (recipient, kind, status);
