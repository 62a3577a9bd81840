-- Accounts, roles, sessions, public share links and the audit log.

CREATE TABLE app_user (
  user_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Lower case; what a person types to sign in.
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  -- scrypt, with its parameters and salt (see src/domain/auth/passwords.ts).
  password_hash text NOT NULL,
  -- Set by an admin's reset: the next sign-in must choose a new password.
  must_change_password boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membership (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  user_id integer NOT NULL REFERENCES app_user (user_id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'data-steward', 'member', 'viewer')),
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX membership_by_user ON membership (user_id);

-- Only a hash of the session token is stored: a copy of the database signs nobody in.
CREATE TABLE user_session (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (user_id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX user_session_by_user ON user_session (user_id);

-- A read-only link to a community's aggregates, revocable and expiring.
CREATE TABLE share_link (
  community_id integer NOT NULL REFERENCES community (community_id) ON DELETE CASCADE,
  link_id integer NOT NULL,
  token_hash text NOT NULL UNIQUE,
  label text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (community_id, link_id)
);

-- Who did what, when, from where. No foreign keys: entries outlive what they name.
CREATE TABLE audit_log (
  entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  community_id integer,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip text
);
CREATE INDEX audit_log_by_community ON audit_log (community_id, entry_id);

-- Append-only, enforced by the database itself rather than by convention.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- A per-community key for referring to a person in the audit log without naming them.
ALTER TABLE community ADD COLUMN audit_key text NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
-- Aggregates below this many people are suppressed for viewers and public links.
ALTER TABLE community ADD COLUMN suppression_threshold integer NOT NULL DEFAULT 11 CHECK (suppression_threshold BETWEEN 1 AND 1000);
