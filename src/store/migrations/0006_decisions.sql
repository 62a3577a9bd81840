-- The decision log: what the community's team decided, why, on what data, and who
-- made the decision. Ids are numbered within the community, like PDSA cycles'.
CREATE TABLE decision (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  decision_id integer NOT NULL,
  decided_on text NOT NULL,
  pdsa_id integer,
  -- Title, who decided, participants, rationale, evidence, revisit date: one document.
  record jsonb NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, decision_id),
  FOREIGN KEY (community_id, pdsa_id) REFERENCES pdsa_cycle (community_id, pdsa_id)
);

CREATE TABLE decision_measure (
  community_id integer NOT NULL,
  decision_id integer NOT NULL,
  slug text NOT NULL,
  PRIMARY KEY (community_id, decision_id, slug),
  FOREIGN KEY (community_id, decision_id) REFERENCES decision (community_id, decision_id) ON DELETE CASCADE,
  FOREIGN KEY (community_id, slug) REFERENCES measure (community_id, slug)
);
CREATE INDEX decision_measure_by_measure ON decision_measure (community_id, slug);
