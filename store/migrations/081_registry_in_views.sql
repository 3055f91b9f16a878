-- 081: the buyer registry (080) in the research views (060): the buyer's normalised name, English name,
-- parent and US-list flags beside each hit and notice, the same for every supplier, and on v_buyers.
-- The columns of 060 are kept as they were; these are added at the end. A hit's own amount (050: the budget of
-- the intention-list rows its evidence sits in) is the hit's amount_cny where it has one.

CREATE OR REPLACE VIEW v_notices AS
SELECT n.notice_id, n.portal, n.url, n.title, n.notice_type, n.published,
       CAST(date_trunc('week', n.published) AS DATE) AS week,
       n.region, n.buyer, n.buyer_type, n.agency, n.project_code, n.category,
       n.budget_cny, n.max_price_cny, n.award_cny,
       coalesce(h.amount_cny, n.award_cny, n.budget_cny, n.max_price_cny) AS amount_cny,
       n.deadline,
       coalesce(json_extract_string(n.suppliers, '$[*].name'), []) AS suppliers,
       coalesce(json_array_length(n.links), 0) AS attachment_links,
       coalesce(h.label, 'none') AS label, h.score,
       coalesce(h.chips, []) AS chips, coalesce(h.providers, []) AS providers,
       r.decision AS review, r.note AS review_note,
       n.text, n.error, n.extractor_version, n.extracted_at, n.classifier_version, n.classified_at,
       b.name AS buyer_name, b.english_name AS buyer_english_name, b.parent_name AS buyer_parent,
       coalesce(b.flag_lists, []) AS buyer_flag_lists, coalesce(b.us_listed, false) AS buyer_us_listed
FROM notices n
LEFT JOIN hits h USING (notice_id)
LEFT JOIN reviews r USING (notice_id)
LEFT JOIN entity_resolutions b ON b.notice_id = n.notice_id AND b.role = 'buyer';

CREATE OR REPLACE VIEW v_hits AS
SELECT n.notice_id, n.portal, n.url, n.title, n.notice_type, n.published,
       CAST(date_trunc('week', n.published) AS DATE) AS week,
       n.region, n.buyer, n.buyer_type, n.agency, n.project_code,
       coalesce(h.amount_cny, n.award_cny, n.budget_cny, n.max_price_cny) AS amount_cny,
       n.budget_cny, n.award_cny,
       coalesce(json_extract_string(n.suppliers, '$[*].name'), []) AS suppliers,
       h.label, h.score, coalesce(h.chips, []) AS chips, coalesce(h.providers, []) AS providers,
       h.evidence, coalesce(json_array_length(h.evidence), 0) AS evidence_count,
       json_extract_string(h.evidence, '$[0].text') AS first_evidence,
       coalesce(h.rules, []) AS rules, h.classifier_version, h.classified_at,
       r.decision AS review, r.note AS review_note, r.reviewed_at,
       b.name AS buyer_name, b.english_name AS buyer_english_name, b.parent_name AS buyer_parent,
       b.flags AS buyer_flags, coalesce(b.flag_lists, []) AS buyer_flag_lists,
       coalesce(b.us_listed, false) AS buyer_us_listed, s.supplier_entities
FROM hits h
JOIN notices n USING (notice_id)
LEFT JOIN reviews r USING (notice_id)
LEFT JOIN entity_resolutions b ON b.notice_id = n.notice_id AND b.role = 'buyer'
LEFT JOIN (
    SELECT notice_id, list({'name': name, 'english_name': english_name, 'type': type, 'flags': flag_lists,
                            'us_listed': us_listed} ORDER BY seq) AS supplier_entities
    FROM entity_resolutions WHERE role = 'supplier' GROUP BY notice_id
) s ON s.notice_id = n.notice_id;

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
       list_sort(list_distinct(list(n.portal))) AS portals,
       any_value(b.name) AS registry_name, any_value(b.english_name) AS english_name,
       any_value(b.parent_name) AS parent, coalesce(bool_or(b.us_listed), false) AS us_listed,
       coalesce(any_value(b.flag_lists), []) AS flag_lists
FROM notices n
LEFT JOIN hits h USING (notice_id)
LEFT JOIN entity_resolutions b ON b.notice_id = n.notice_id AND b.role = 'buyer'
WHERE n.buyer IS NOT NULL AND n.buyer <> ''
GROUP BY n.buyer;
