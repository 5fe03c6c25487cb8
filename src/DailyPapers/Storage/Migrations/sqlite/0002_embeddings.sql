-- Sentence-embedding vectors, computed once and shared by every node. One row per (paper, model); the id grows
-- with every write, so each node's in-process vector index follows new vectors by id.
CREATE TABLE paper_embeddings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id    INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    model       TEXT NOT NULL,
    dims        INTEGER NOT NULL,
    vector      BLOB NOT NULL,          -- dims little-endian float32, L2-normalised
    created_at  TEXT NOT NULL,
    UNIQUE (paper_id, model)
);
CREATE INDEX ix_paper_embeddings_model ON paper_embeddings (model, id);
