-- ASP.NET Core Data Protection keys (they sign cookies and antiforgery tokens). Kept in the database so every web
-- node shares them: a sign-in on one node is valid on the others.
CREATE TABLE data_protection_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT NOT NULL UNIQUE,
    xml           TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
