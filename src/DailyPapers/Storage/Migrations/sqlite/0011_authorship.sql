-- Authorship claims, organisation members. A claim is a user's request to be linked to one author entry of a
-- paper; a moderator approves or rejects it. Approved claims are the source of truth for local verified authors:
-- paper_authors carries the result for display, and an HF re-import re-applies approved claims on top of the HF
-- author list, so local verifications are never undone by newer HF data.
-- kind: 'claim' (the user asked) or 'assigned' (an admin linked the user directly, status admin_assigned).
-- status: 'pending' | 'approved' | 'rejected' | 'withdrawn'. author_name: the entry's name when claimed, used to
-- find the entry again when a later version reorders the authors.
-- hidden_from_profile mirrors paper_authors.hidden, which in the HF data means "not shown on the author's profile".
CREATE TABLE author_claims (
    id                   INTEGER PRIMARY KEY,
    paper_id             INTEGER NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    author_name          TEXT NOT NULL,
    user_id              INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL DEFAULT 'claim',
    status               TEXT NOT NULL,
    hidden_from_profile  INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    decided_by           INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at           TEXT,
    reason               TEXT
);
-- One open (pending or approved) claim per author entry; a second one conflicts.
CREATE UNIQUE INDEX ux_author_claims_open ON author_claims (paper_id, position) WHERE status IN ('pending', 'approved');
-- The moderation queue: pending claims, oldest first.
CREATE INDEX ix_author_claims_queue ON author_claims (status, created_at, id);
CREATE INDEX ix_author_claims_user ON author_claims (user_id, status);

-- Members of an organisation. role: 'member' (may attribute papers to the organisation) or 'admin' (also manages
-- the members).
CREATE TABLE organization_members (
    organization_id  INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role             TEXT NOT NULL DEFAULT 'member',
    created_at       TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX ix_organization_members_user ON organization_members (user_id);

-- The organisation page lists the papers attributed to it (by the paper or by a feed entry).
CREATE INDEX ix_papers_organization ON papers (organization_id);
CREATE INDEX ix_daily_entries_organization ON daily_entries (organization_id);
