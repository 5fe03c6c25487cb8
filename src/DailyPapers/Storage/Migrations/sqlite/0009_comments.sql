-- Comment threads (docs/community/COMMENTS.md). Replies are one level deep, as on Hugging Face: a reply to a reply
-- is stored under the same top-level comment. body is the Markdown source; html its sanitised rendering, made at
-- write time (mention links depend on which users existed then). A user's own delete is soft (deleted_at, body
-- emptied) so replies keep their place; moderators hide with a reason. papers.num_comments is recomputed from this
-- table (plus the HF snapshot count) in the same transaction as every change, never incremented.
CREATE TABLE comments (
    id             INTEGER PRIMARY KEY,
    paper_id       INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    parent_id      INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    body           TEXT NOT NULL,
    html           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    edited_at      TEXT,
    deleted_at     TEXT,
    hidden_at      TEXT,
    hidden_by      INTEGER REFERENCES users(id),
    hidden_reason  TEXT
);
CREATE INDEX ix_comments_paper ON comments (paper_id, id);
CREATE INDEX ix_comments_parent ON comments (parent_id);
CREATE INDEX ix_comments_user ON comments (user_id);

-- What a user is told about: a mention in a comment, or a reply to their comment. At most one row per user per
-- comment (the UNIQUE key), so an edit that repeats a mention notifies nobody twice.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('mention', 'reply')),
    paper_id    INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    comment_id  INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    actor_id    INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL,
    read_at     TEXT
);
CREATE UNIQUE INDEX ux_notifications_once ON notifications (user_id, comment_id);
CREATE INDEX ix_notifications_user ON notifications (user_id, read_at, id);
