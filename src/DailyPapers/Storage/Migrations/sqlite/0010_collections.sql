-- Collections: a user's named, ordered lists of papers, public or private. The slug is the collection's address
-- under its owner (/users/{handle}/collections/{slug}); it is chosen at creation and kept when the title changes,
-- so shared links keep working.
CREATE TABLE collections (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    slug         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    is_private   INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (user_id, slug)
);

-- position orders the items (ascending); it has gaps after removals, which ordering does not mind.
CREATE TABLE collection_items (
    collection_id  INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    paper_id       INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    added_at       TEXT NOT NULL,
    PRIMARY KEY (collection_id, paper_id)
);
CREATE INDEX ix_collection_items_paper ON collection_items (paper_id);
