-- 040 (extraction): text and line items read from inside archives keep the member's path (`part`);
-- line items keep their lot; notices keep the project name and the procurement method.

CREATE TABLE attachment_pages_040 (
    doc_id  VARCHAR NOT NULL,
    part    VARCHAR NOT NULL DEFAULT '',   -- the member's path inside an archive; '' for a plain file
    page    INTEGER NOT NULL,              -- 1-based; 0 for formats without pages
    text    VARCHAR,
    ocr     BOOLEAN NOT NULL DEFAULT false, -- the text was recognised from the page image
    PRIMARY KEY (doc_id, part, page)
);
INSERT INTO attachment_pages_040 (doc_id, part, page, text) SELECT doc_id, '', page, text FROM attachment_pages;
DROP TABLE attachment_pages;
ALTER TABLE attachment_pages_040 RENAME TO attachment_pages;

ALTER TABLE line_items ADD COLUMN part VARCHAR;  -- the archive member the item was read from
ALTER TABLE line_items ADD COLUMN lot VARCHAR;   -- 标包 / 合同包
ALTER TABLE notices ADD COLUMN project_name VARCHAR;
ALTER TABLE notices ADD COLUMN method VARCHAR;   -- 采购方式 as written
