-- Sign-ins through an OpenID Connect provider: the provider's issuer and subject ("sub") name one person for good,
-- whatever their email or name later become, so the link is kept by that pair and not by email.
CREATE TABLE external_logins (
    provider      TEXT NOT NULL,
    subject       TEXT NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX ix_external_logins_user ON external_logins (user_id);
