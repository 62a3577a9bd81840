-- People derived from an HMIS export carry dated attributes: household spells (with
-- their members' birth dates) and chronic ranges. A list imported as CSV keeps the
-- simple columns (household_id, relationship, chronic_since); these stay NULL.
ALTER TABLE bnl_person ADD COLUMN households jsonb;
ALTER TABLE bnl_person ADD COLUMN chronic jsonb;

-- Where a community's list comes from: 'bnl' (its own CSV files) or 'hmis' (an export).
ALTER TABLE community ADD COLUMN list_source text;
