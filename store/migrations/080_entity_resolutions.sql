-- 080: every notice's buyer and supplier resolved against the buyer registry (refdata/).

CREATE TABLE entity_resolutions (
    notice_id         VARCHAR NOT NULL,
    role              VARCHAR NOT NULL,   -- buyer | supplier
    seq               INTEGER NOT NULL,   -- 0 for the buyer; the supplier's position in notices.suppliers
    query             VARCHAR NOT NULL,   -- the name as the notice gave it
    name              VARCHAR,            -- normalised
    entity_id         VARCHAR,            -- the registry entity (or, for a sub-unit, null and parent_id set)
    match             VARCHAR,            -- identifier | name | alias | sub-unit | unknown
    english_name      VARCHAR,
    type              VARCHAR,            -- university | research_institute | lab | hospital | company | government | other
    parent_name       VARCHAR,
    parent_id         VARCHAR,
    identifiers       JSON,
    flags             JSON,               -- [{"list", "source", "date", "via_parent", ...}]
    flag_lists        VARCHAR[],          -- the lists, e.g. [entity_list, 1286], for filtering
    us_listed         BOOLEAN,
    registry_version  VARCHAR NOT NULL,
    resolved_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (notice_id, role, seq)
);
