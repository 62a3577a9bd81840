-- A record of every committed transaction that changed something the published
-- figures are computed from, so the API can cache figure responses under a revision
-- that cannot miss a change. Statement-level triggers (one tiny insert per statement,
-- never per row, so bulk loads stay cheap) fire on every table the figures read,
-- whatever code path wrote it: an import, a purge, a setting, a population.
--
-- The revision is the number of rows, not the largest id: rows become visible when
-- their transaction commits, and sequence ids are handed out before that, out of
-- commit order, while the count only ever grows at a commit. One row per transaction
-- (keyed by its id) keeps the table small and means concurrent imports of different
-- communities never wait on each other, as they would on a single shared counter.
CREATE TABLE data_change (
  transaction_id bigint PRIMARY KEY,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_change (transaction_id) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

CREATE TRIGGER community_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON community
  FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
CREATE TRIGGER population_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON population
  FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
CREATE TRIGGER bnl_person_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bnl_person
  FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
CREATE TRIGGER bnl_status_change_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bnl_status_change
  FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
CREATE TRIGGER bnl_transition_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bnl_transition
  FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
CREATE TRIGGER bnl_month_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bnl_month
  FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
CREATE TRIGGER bnl_derivation_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bnl_derivation
  FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
