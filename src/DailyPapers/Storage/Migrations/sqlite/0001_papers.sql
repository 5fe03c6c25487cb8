-- Papers, authors, versions, daily feed entries, the people and organisations the HF data names,
-- the change log that per-node search indexes follow, and small key/value state for jobs.
-- Timestamps: ISO-8601 UTC text with milliseconds; dates: yyyy-MM-dd text (see SqlTime).

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    handle      TEXT NOT NULL UNIQUE,
    full_name   TEXT,
    avatar_url  TEXT,
    hf_id       TEXT,
    is_pro      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    full_name   TEXT,
    avatar_url  TEXT,
    hf_id       TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE papers (
    id               INTEGER PRIMARY KEY,
    arxiv_id         TEXT NOT NULL UNIQUE,
    version          INTEGER,
    title            TEXT NOT NULL,
    abstract         TEXT NOT NULL,
    published_at     TEXT,
    updated_at       TEXT,
    categories       TEXT NOT NULL DEFAULT '',   -- space separated, primary first
    doi              TEXT,
    journal_ref      TEXT,
    comments         TEXT,
    license          TEXT,
    submitter        TEXT,
    github_repo      TEXT,
    github_stars     INTEGER,
    project_page     TEXT,
    ai_summary       TEXT,
    ai_keywords      TEXT NOT NULL DEFAULT '[]',  -- JSON array
    thumbnail        TEXT,
    media_urls       TEXT NOT NULL DEFAULT '[]',  -- JSON array
    discussion_id    TEXT,
    withdrawn_at     TEXT,
    organization_id  INTEGER REFERENCES organizations(id),
    hf_upvotes       INTEGER NOT NULL DEFAULT 0,  -- snapshot from the HF data
    hf_num_comments  INTEGER NOT NULL DEFAULT 0,
    upvotes          INTEGER NOT NULL DEFAULT 0,  -- hf_upvotes + local votes, recomputed, never incremented
    num_comments     INTEGER NOT NULL DEFAULT 0,
    hotness          REAL NOT NULL DEFAULT 0,
    first_featured_at TEXT,
    created_at       TEXT NOT NULL,
    modified_at      TEXT NOT NULL
);
CREATE INDEX ix_papers_published ON papers (published_at, id);
CREATE INDEX ix_papers_hotness ON papers (hotness);

CREATE TABLE paper_authors (
    paper_id           INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    name               TEXT NOT NULL,
    status             TEXT,
    hidden             INTEGER NOT NULL DEFAULT 0,
    user_id            INTEGER REFERENCES users(id) ON DELETE SET NULL,
    hf_id              TEXT,
    status_changed_at  TEXT,
    affiliation        TEXT,
    PRIMARY KEY (paper_id, position)
);
CREATE INDEX ix_paper_authors_user ON paper_authors (user_id);
CREATE INDEX ix_paper_authors_name ON paper_authors (name);

CREATE TABLE paper_versions (
    paper_id      INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    submitted_at  TEXT,
    size          TEXT,
    PRIMARY KEY (paper_id, version)
);

CREATE TABLE daily_entries (
    id                       INTEGER PRIMARY KEY,
    paper_id                 INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    feed_date                TEXT NOT NULL,
    submitted_at             TEXT,
    submitted_by             INTEGER REFERENCES users(id) ON DELETE SET NULL,
    organization_id          INTEGER REFERENCES organizations(id),
    title                    TEXT,
    num_comments             INTEGER NOT NULL DEFAULT 0,
    is_author_participating  INTEGER,
    source                   TEXT NOT NULL DEFAULT 'hf',
    created_at               TEXT NOT NULL,
    UNIQUE (paper_id, feed_date)
);
CREATE INDEX ix_daily_entries_date ON daily_entries (feed_date, paper_id);
CREATE INDEX ix_daily_entries_submitter ON daily_entries (submitted_by);

-- Append-only log of paper changes; each node's search index follows it by seq.
CREATE TABLE paper_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id   INTEGER NOT NULL,
    changed_at TEXT NOT NULL
);

CREATE TABLE app_state (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
