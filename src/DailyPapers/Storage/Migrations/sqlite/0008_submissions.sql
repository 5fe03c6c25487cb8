-- Papers submitted by users to the daily feed (see docs/community/SUBMISSIONS.md). A submission is a daily entry with
-- source 'submitted' plus the submitter's note: a plain-text comment and media URLs (JSON array).
ALTER TABLE daily_entries ADD COLUMN comment TEXT;
ALTER TABLE daily_entries ADD COLUMN media_urls TEXT NOT NULL DEFAULT '[]';
-- One submission per paper, whatever the date: the backstop under the store's duplicate check, so two people
-- submitting the same paper at once can never both be featured.
CREATE UNIQUE INDEX ux_daily_entries_submitted ON daily_entries (paper_id) WHERE source = 'submitted';
-- The per-user daily quota counts the user's entries of one feed date.
CREATE INDEX ix_daily_entries_submitter_date ON daily_entries (submitted_by, feed_date);
