-- Upvotes: one row per (user, paper). papers.upvotes is recomputed from this table (plus the HF snapshot) in the
-- same transaction as every change, never incremented.
CREATE TABLE votes (
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    paper_id    BIGINT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX ix_votes_paper ON votes (paper_id);
