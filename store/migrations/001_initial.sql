-- 001: documents, notices, line items, attachment text, hits, reviews, crawl runs.

CREATE TABLE documents (
    doc_id        VARCHAR PRIMARY KEY,  -- sha256 of url + "\n" + content sha256: one row per distinct version of a URL
    url           VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,     -- the raw bytes, at raw/ab/cd/<sha256>
    size          BIGINT NOT NULL,
    content_type  VARCHAR,
    fetched_at    TIMESTAMP NOT NULL,
    http_status   INTEGER,
    source        VARCHAR NOT NULL,     -- the spider (portal) that fetched it
    kind          VARCHAR NOT NULL,     -- list | detail | attachment
    notice_id     VARCHAR,              -- the portal notice this page or attachment belongs to
    name          VARCHAR,              -- an attachment's file name as the link gave it
    parent_url    VARCHAR,
    listing       JSON,                 -- what the list page said of the notice (title, date, buyer, ...)
    run_id        VARCHAR,
    error         VARCHAR               -- why the document could not be read, set by the extractor
);
CREATE INDEX documents_notice ON documents (notice_id);
CREATE INDEX documents_url ON documents (url);

CREATE TABLE notices (
    notice_id          VARCHAR PRIMARY KEY,  -- <portal>:<the portal's own id>, stable across mirrors
    portal             VARCHAR NOT NULL,
    url                VARCHAR NOT NULL,
    doc_id             VARCHAR NOT NULL,     -- the detail page version this record was extracted from
    title              VARCHAR,
    notice_type        VARCHAR,
    published          DATE,
    region             VARCHAR,
    buyer              VARCHAR,
    agency             VARCHAR,
    project_code       VARCHAR,
    category           VARCHAR,
    budget_cny         DOUBLE,
    max_price_cny      DOUBLE,
    award_cny          DOUBLE,
    deadline           TIMESTAMP,
    suppliers          JSON,                 -- [{"name", "amount_cny", "lot"}]
    contacts           JSON,
    links              JSON,                 -- attachment links as the page gave them: [{"name", "url"}]
    text               VARCHAR,              -- the notice body as plain text
    extractor_version  VARCHAR NOT NULL,
    extracted_at       TIMESTAMP NOT NULL,
    error              VARCHAR,
    candidate          BOOLEAN,              -- passed the classifier's cheap pre-filter
    buyer_type         VARCHAR,              -- university | research_institute | lab | hospital | company | government | other
    buyer_type_rule    VARCHAR,              -- the rule that decided the buyer type
    classifier_version VARCHAR,
    classified_at      TIMESTAMP
);

CREATE TABLE line_items (
    notice_id       VARCHAR NOT NULL,
    seq             INTEGER NOT NULL,
    name            VARCHAR,
    spec            VARCHAR,
    quantity        DOUBLE,
    unit            VARCHAR,
    unit_price_cny  DOUBLE,
    total_cny       DOUBLE,
    doc_id          VARCHAR,   -- where it came from: document, page, table, row
    page            INTEGER,
    table_no        INTEGER,
    row_no          INTEGER,
    PRIMARY KEY (notice_id, seq)
);

CREATE TABLE attachment_pages (
    doc_id  VARCHAR NOT NULL,
    page    INTEGER NOT NULL,   -- 1-based; 0 for formats without pages
    text    VARCHAR,
    PRIMARY KEY (doc_id, page)
);

CREATE TABLE hits (
    notice_id           VARCHAR PRIMARY KEY,
    label               VARCHAR NOT NULL,   -- remote_access | hardware_purchase
    score               DOUBLE NOT NULL,
    chips               VARCHAR[],
    providers           VARCHAR[],
    evidence            JSON,               -- [{"text", "where"}]
    rules               VARCHAR[],
    classifier_version  VARCHAR NOT NULL,
    classified_at       TIMESTAMP NOT NULL
);

CREATE TABLE reviews (
    notice_id    VARCHAR PRIMARY KEY,
    decision     VARCHAR NOT NULL,          -- confirmed | rejected
    note         VARCHAR,
    reviewed_at  TIMESTAMP NOT NULL
);

CREATE TABLE crawl_runs (
    run_id      VARCHAR PRIMARY KEY,
    source      VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP,
    args        JSON,
    fetched     INTEGER,
    new_docs    INTEGER,
    unchanged   INTEGER,
    blocked     INTEGER,
    failed      INTEGER,
    errors      JSON,
    status      VARCHAR
);
