-- No query filters or sorts paper_authors by name (author search goes through the full-text index), while every
-- imported author row paid for this index: ~10 random B-tree inserts per paper, the slowest part of a bulk load.
DROP INDEX IF EXISTS ix_paper_authors_name;
