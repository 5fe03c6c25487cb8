-- A hash of the text each vector was computed from (title + abstract), so the embedding job can tell a paper
-- whose text changed (a new arXiv version) from one that only got votes. NULL: written before this column.
ALTER TABLE paper_embeddings ADD COLUMN text_hash TEXT;
