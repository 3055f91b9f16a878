-- 062: what a review says beyond confirmed/rejected: the label the researcher gives the notice, the label the
-- classifier had given it when it was reviewed, and who reviewed it. Reviews are never touched by classify.

ALTER TABLE reviews ADD COLUMN label VARCHAR;        -- remote_access | hardware_purchase | none
ALTER TABLE reviews ADD COLUMN hit_label VARCHAR;    -- the classifier's label at review time ('none' if no hit)
ALTER TABLE reviews ADD COLUMN reviewer VARCHAR;
