-- 060: the documented views that `tenderwatch query`, the exports, the snapshot and the notebooks read.
-- Every column is described in the README (section "Views"). Later issues may CREATE OR REPLACE them to add
-- columns (e.g. issue 8 adds English names and list flags to v_buyers); keep the existing columns.

-- One row per notice, with its verdict (label 'none' when it is not a hit) and review.
CREATE OR REPLACE VIEW v_notices AS
SELECT n.notice_id, n.portal, n.url, n.title, n.notice_type, n.published,
       CAST(date_trunc('week', n.published) AS DATE) AS week,
       n.region, n.buyer, n.buyer_type, n.agency, n.project_code, n.category,
       n.budget_cny, n.max_price_cny, n.award_cny,
       coalesce(n.award_cny, n.budget_cny, n.max_price_cny) AS amount_cny,
       n.deadline,
       coalesce(json_extract_string(n.suppliers, '$[*].name'), []) AS suppliers,
       coalesce(json_array_length(n.links), 0) AS attachment_links,
       coalesce(h.label, 'none') AS label, h.score,
       coalesce(h.chips, []) AS chips, coalesce(h.providers, []) AS providers,
       r.decision AS review, r.note AS review_note,
       n.text, n.error, n.extractor_version, n.extracted_at, n.classifier_version, n.classified_at
FROM notices n
LEFT JOIN hits h USING (notice_id)
LEFT JOIN reviews r USING (notice_id);

-- One row per hit: the notice's fields, the verdict with its evidence, and the researcher's review.
CREATE OR REPLACE VIEW v_hits AS
SELECT n.notice_id, n.portal, n.url, n.title, n.notice_type, n.published,
       CAST(date_trunc('week', n.published) AS DATE) AS week,
       n.region, n.buyer, n.buyer_type, n.agency, n.project_code,
       coalesce(n.award_cny, n.budget_cny, n.max_price_cny) AS amount_cny,
       n.budget_cny, n.award_cny,
       coalesce(json_extract_string(n.suppliers, '$[*].name'), []) AS suppliers,
       h.label, h.score, coalesce(h.chips, []) AS chips, coalesce(h.providers, []) AS providers,
       h.evidence, coalesce(json_array_length(h.evidence), 0) AS evidence_count,
       json_extract_string(h.evidence, '$[0].text') AS first_evidence,
       coalesce(h.rules, []) AS rules, h.classifier_version, h.classified_at,
       r.decision AS review, r.note AS review_note, r.reviewed_at
FROM hits h
JOIN notices n USING (notice_id)
LEFT JOIN reviews r USING (notice_id);

-- One row per line item, with the document it was read from and the notice it belongs to.
CREATE OR REPLACE VIEW v_line_items AS
SELECT li.notice_id, li.seq, li.name, li.spec, li.quantity, li.unit, li.unit_price_cny, li.total_cny,
       CASE WHEN li.doc_id IS NULL OR li.doc_id = n.doc_id THEN 'body' ELSE coalesce(d.name, d.url) END AS source,
       li.page, li.table_no, li.row_no,
       n.published, n.buyer, n.title, coalesce(h.label, 'none') AS label
FROM line_items li
JOIN notices n USING (notice_id)
LEFT JOIN documents d ON d.doc_id = li.doc_id
LEFT JOIN hits h ON h.notice_id = li.notice_id;

-- One row per supplier named in a notice (awards and deals), with the buyer and the agency in between.
CREATE OR REPLACE VIEW v_suppliers AS
SELECT n.notice_id, n.published, n.buyer, n.buyer_type, n.agency,
       s.value ->> 'name' AS supplier, TRY_CAST(s.value ->> 'amount_cny' AS DOUBLE) AS amount_cny,
       s.value ->> 'lot' AS lot, coalesce(h.label, 'none') AS label, n.title
FROM notices n, json_each(n.suppliers) AS s
LEFT JOIN hits h ON h.notice_id = n.notice_id
WHERE s.value ->> 'name' IS NOT NULL;

-- One row per buyer name found in notices: how often it buys, how often it is a hit, how much, and when.
CREATE OR REPLACE VIEW v_buyers AS
SELECT n.buyer AS name,
       mode(n.buyer_type) AS buyer_type,
       count(*) AS notices,
       count(h.notice_id) AS hits,
       count(*) FILTER (WHERE h.label = 'remote_access') AS remote_access_hits,
       count(*) FILTER (WHERE h.label = 'hardware_purchase') AS hardware_purchase_hits,
       sum(coalesce(n.award_cny, n.budget_cny, n.max_price_cny)) AS amount_cny,
       sum(coalesce(n.award_cny, n.budget_cny, n.max_price_cny)) FILTER (WHERE h.notice_id IS NOT NULL) AS hit_amount_cny,
       min(n.published) AS first_seen,
       max(n.published) AS last_seen,
       list_sort(list_distinct(list(n.region) FILTER (WHERE n.region IS NOT NULL))) AS regions,
       list_sort(list_distinct(list(n.portal))) AS portals
FROM notices n
LEFT JOIN hits h USING (notice_id)
WHERE n.buyer IS NOT NULL AND n.buyer <> ''
GROUP BY n.buyer;
