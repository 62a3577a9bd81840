-- ZeroLoop foundation schema. Every community-owned table leads its keys with
-- community_id so the schema can later be distributed by community.

CREATE TABLE community (
  community_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Custom populations (built-in ones live in code).
CREATE TABLE population (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  slug text NOT NULL,
  name text NOT NULL,
  rule jsonb NOT NULL,
  counts_households boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, slug)
);

CREATE TABLE import_run (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  import_id bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL,
  source text NOT NULL,
  status text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  summary text,
  report jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (community_id, import_id)
);

CREATE TABLE bnl_person (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  person_id text NOT NULL,
  birth_date date,
  birth_year_only boolean NOT NULL DEFAULT false,
  veteran boolean,
  chronic_since date,
  household_id text,
  relationship text NOT NULL DEFAULT 'head',
  race text[] NOT NULL DEFAULT '{}',
  gender text,
  locality text,
  import_id bigint,
  source_line integer,
  PRIMARY KEY (community_id, person_id)
);
CREATE INDEX bnl_person_household ON bnl_person (community_id, household_id);

CREATE TABLE bnl_status_change (
  community_id integer NOT NULL,
  person_id text NOT NULL,
  change_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'housed', 'inactive')),
  reason text,
  provider text,
  source_file text NOT NULL,
  source_record text NOT NULL,
  import_id bigint,
  PRIMARY KEY (community_id, person_id, change_date),
  FOREIGN KEY (community_id, person_id) REFERENCES bnl_person (community_id, person_id) ON DELETE CASCADE
);

-- Derived: each person's transitions in each population (rebuilt by derivation).
CREATE TABLE bnl_transition (
  community_id integer NOT NULL,
  population text NOT NULL,
  person_id text NOT NULL,
  transition_date date NOT NULL,
  from_status text NOT NULL,
  to_status text NOT NULL,
  flow text,
  days_to_housing integer,
  source_file text,
  source_record text,
  provider text,
  PRIMARY KEY (community_id, population, person_id, transition_date)
);
CREATE INDEX bnl_transition_person ON bnl_transition (community_id, person_id);

-- Derived: the monthly figures of bnl.md per population.
CREATE TABLE bnl_month (
  community_id integer NOT NULL,
  population text NOT NULL,
  month date NOT NULL,
  actively_homeless integer NOT NULL,
  newly_identified integer NOT NULL,
  returned_from_housing integer NOT NULL,
  returned_from_inactive integer NOT NULL,
  housing_placements integer NOT NULL,
  moved_to_inactive integer NOT NULL,
  no_longer_meets_criteria integer NOT NULL,
  avg_days_to_housing numeric,
  balanced boolean NOT NULL,
  PRIMARY KEY (community_id, population, month)
);

-- The settings and date that produced the derived tables, kept with them.
CREATE TABLE bnl_derivation (
  community_id integer PRIMARY KEY REFERENCES community (community_id) ON DELETE CASCADE,
  as_of date NOT NULL,
  settings jsonb NOT NULL,
  person_count integer NOT NULL,
  derived_at timestamptz NOT NULL DEFAULT now()
);
