-- 061: the full-text search index (query/search.py): one row per indexed notice, and its term postings.
-- Terms are jieba words of the Han text (search mode: long words also give their parts) and runs of
-- letters and digits (A100, H800, 2025); BM25 is computed in SQL from tf, df and the document lengths.

CREATE SEQUENCE search_doc_no START 1;

CREATE TABLE search_docs (
    doc_no      INTEGER NOT NULL,   -- the notice's number in the postings (a new one each time it is re-indexed)
    notice_id   VARCHAR NOT NULL,
    length      INTEGER NOT NULL,   -- number of terms, for BM25's length normalisation
    body        VARCHAR,            -- title, body and attachment text, NFKC and lower case, for phrases and snippets
    indexed_at  TIMESTAMP NOT NULL
);

CREATE TABLE search_postings (
    term    VARCHAR NOT NULL,
    doc_no  INTEGER NOT NULL,
    tf      INTEGER NOT NULL        -- how often the term occurs in the notice
);
