-- The learning engine: measures with versioned definitions, their values and phases,
-- aims, driver diagrams and PDSA cycles. Ids of aims, diagrams and cycles are numbered
-- within their community, so one community's ids say nothing about another's.

CREATE TABLE measure (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  slug text NOT NULL,
  current_version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, slug)
);

-- Every version of a definition is kept: who changed it, why, and who agreed.
CREATE TABLE measure_version (
  community_id integer NOT NULL,
  slug text NOT NULL,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL,
  agreed_by jsonb NOT NULL DEFAULT '[]'::jsonb,
  PRIMARY KEY (community_id, slug, version),
  FOREIGN KEY (community_id, slug) REFERENCES measure (community_id, slug) ON DELETE CASCADE
);

-- Values entered by hand or imported from a CSV, one per period.
CREATE TABLE measure_value (
  community_id integer NOT NULL,
  slug text NOT NULL,
  period text NOT NULL,
  value double precision NOT NULL,
  denominator double precision,
  note text,
  source text NOT NULL CHECK (source IN ('manual', 'csv')),
  entered_by text NOT NULL,
  entered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, slug, period),
  FOREIGN KEY (community_id, slug) REFERENCES measure (community_id, slug) ON DELETE CASCADE
);

-- A new chart phase from a period on, with its reason (often an adopted change).
CREATE TABLE measure_phase (
  community_id integer NOT NULL,
  slug text NOT NULL,
  starts text NOT NULL,
  reason text NOT NULL,
  pdsa_id integer,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, slug, starts),
  FOREIGN KEY (community_id, slug) REFERENCES measure (community_id, slug) ON DELETE CASCADE
);

CREATE TABLE aim (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  aim_id integer NOT NULL,
  statement text NOT NULL,
  population text,
  measure text NOT NULL,
  baseline_value double precision,
  baseline_period text,
  target_value double precision NOT NULL,
  target_date text NOT NULL,
  sustain_periods integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, aim_id),
  FOREIGN KEY (community_id, measure) REFERENCES measure (community_id, slug)
);

CREATE TABLE driver_diagram (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  diagram_id integer NOT NULL,
  title text NOT NULL,
  aim_id integer NOT NULL,
  nodes jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, diagram_id),
  FOREIGN KEY (community_id, aim_id) REFERENCES aim (community_id, aim_id)
);

-- The PDSA worksheet is one document; what other records point at is in columns.
CREATE TABLE pdsa_cycle (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  pdsa_id integer NOT NULL,
  previous_id integer,
  status text NOT NULL,
  start_date text NOT NULL,
  worksheet jsonb NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, pdsa_id),
  FOREIGN KEY (community_id, previous_id) REFERENCES pdsa_cycle (community_id, pdsa_id)
);

CREATE TABLE pdsa_measure (
  community_id integer NOT NULL,
  pdsa_id integer NOT NULL,
  slug text NOT NULL,
  PRIMARY KEY (community_id, pdsa_id, slug),
  FOREIGN KEY (community_id, pdsa_id) REFERENCES pdsa_cycle (community_id, pdsa_id) ON DELETE CASCADE,
  FOREIGN KEY (community_id, slug) REFERENCES measure (community_id, slug)
);
CREATE INDEX pdsa_measure_by_measure ON pdsa_measure (community_id, slug);
