-- 050: a hit's own amount where the notice's is not the hit's: in an intention list of several projects, the
-- budget of the rows the classifier's evidence sits in (NULL otherwise; the notice's amount then stands).

ALTER TABLE hits ADD COLUMN amount_cny DOUBLE;
