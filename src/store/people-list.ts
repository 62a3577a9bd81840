import type { Database } from './database.ts';
import type { Status } from '../domain/bnl/types.ts';

export interface PeopleListFilter {
  population: string;
  status: Status | null;
  /** Exact locality. */
  locality: string | null;
  /** A person id prefix. */
  idPrefix: string | null;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface PeopleListRow {
  person_id: string;
  /** The person's status in the population: the `to_status` of their latest transition in it. */
  status: Status;
  /** The day of that latest transition (when the current status began). */
  latest_change: string;
  locality: string | null;
  veteran: boolean | null;
  household_id: string | null;
}

/** `%`, `_` and `\` stand for themselves in a LIKE prefix. */
const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

/**
 * One page of the people on a community's list in one population, with their
 * current status there, and how many match in all: one query.
 *
 * A person's current status in a population is the `to_status` of their latest
 * derived transition in it (the derivation stops at its as-of day, so this is the
 * status as of that day). People whose latest transition left the population
 * (`absent`: a youth who turned 25, a family that split) are not listed.
 *
 * How it runs, on the indexes that exist (on 499,434 people with 2.36M transitions,
 * a first page of everyone took 0.5-0.9 s on either engine, an id search under 0.1 s):
 * - The total needs no "latest" at all: a person's transitions in a population form
 *   a chain (each one's from_status is the previous one's to_status, the first from
 *   `absent`), so the people whose latest transition ends in S number
 *   sum(to = S) - sum(from = S) over the population's transitions: one aggregate
 *   over them, whatever the filters (the count cannot be known without reading them).
 * - The page reads the population's transitions in primary-key order (community_id,
 *   population, person_id, transition_date), so `lead()` marks each person's latest
 *   one without a sort and LIMIT stops the scan once the page is full; the locality
 *   is checked, and bnl_person joined, by primary key for the rows that need it.
 * - An id prefix seeks the primary key: LIKE where the collation is "C", and an
 *   explicit range where text sorts by code point (C.UTF-8), else a filter.
 * Deep pages cost in proportion to their offset (page 5,000 of 10,000 reads half).
 */
export async function listPeople(db: Database, communityId: number, f: PeopleListFilter): Promise<{ total: number; rows: PeopleListRow[] }> {
  const range = f.idPrefix && (await sortsByCodePoint(db)) ? prefixRange(f.idPrefix) : null;
  const rows = await db.query<{ total: number; people: PeopleListRow[] | string }>(
    `WITH scope AS NOT MATERIALIZED (
       SELECT t.person_id, t.transition_date, t.from_status, t.to_status
         FROM bnl_transition t
        WHERE t.community_id = $1 AND t.population = $2
          AND ($5::text IS NULL OR t.person_id LIKE $5)
          AND ($8::text IS NULL OR t.person_id >= $8) AND ($9::text IS NULL OR t.person_id < $9)
     )
     SELECT
       (SELECT coalesce(sum(CASE WHEN $3::text IS NULL THEN (s.to_status <> 'absent')::int - (s.from_status <> 'absent')::int
                                 ELSE (s.to_status = $3)::int - (s.from_status = $3)::int END), 0)
          FROM scope s
         WHERE ($4::text IS NULL OR s.person_id IN (SELECT p.person_id FROM bnl_person p WHERE p.community_id = $1 AND p.locality = $4)))::int AS total,
       (SELECT coalesce(json_agg(r ORDER BY r.person_id), '[]'::json) FROM (
          SELECT l.person_id, l.to_status AS status, l.transition_date AS latest_change, p.locality, p.veteran, p.household_id
            FROM (SELECT s.person_id, s.to_status, s.transition_date
                    FROM (SELECT s.*, lead(s.person_id) OVER (ORDER BY s.person_id, s.transition_date) AS next_person FROM scope s) s
                   WHERE s.next_person IS DISTINCT FROM s.person_id
                     AND s.to_status <> 'absent'
                     AND ($3::text IS NULL OR s.to_status = $3)
                     AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM bnl_person x WHERE x.community_id = $1 AND x.person_id = s.person_id AND x.locality = $4))
                   ORDER BY s.person_id
                   LIMIT $6 OFFSET $7) l
            JOIN bnl_person p ON p.community_id = $1 AND p.person_id = l.person_id) r
       ) AS people`,
    [communityId, f.population, f.status, f.locality, f.idPrefix ? likePrefix(f.idPrefix) : null, f.pageSize, (f.page - 1) * f.pageSize, range?.from ?? null, range?.to ?? null],
  );
  const people = typeof rows[0].people === 'string' ? (JSON.parse(rows[0].people) as PeopleListRow[]) : rows[0].people;
  return { total: Number(rows[0].total), rows: people };
}

const collations = new WeakMap<Database, Promise<boolean>>();

/**
 * Whether the database sorts text by code point ("C", "POSIX", "C.UTF-8"): then the
 * ids that start with a prefix are exactly those in [prefix, prefix with its last
 * character incremented), a range the primary key can seek. Other collations get no
 * range, only the LIKE filter (PostgreSQL itself seeks LIKE prefixes only in "C").
 */
function sortsByCodePoint(db: Database): Promise<boolean> {
  let known = collations.get(db);
  if (!known) {
    known = db
      .query<{ collation: string }>("SELECT datcollate AS collation FROM pg_database WHERE datname = current_database()")
      .then((r) => /^(C|POSIX|C\.utf-?8|ucs_basic)$/i.test(r[0]?.collation ?? ''))
      .catch(() => false);
    collations.set(db, known);
  }
  return known;
}

function prefixRange(prefix: string): { from: string; to: string | null } {
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  // The next code point, unless it would be a surrogate or past the last one.
  const next = last + 1 >= 0xd800 ? null : String.fromCodePoint(last + 1);
  return { from: prefix, to: next === null ? null : chars.join('') + next };
}

/** The localities recorded on a community's list, for a filter's choices. */
export async function listLocalities(db: Database, communityId: number): Promise<string[]> {
  const rows = await db.query<{ locality: string }>(
    'SELECT DISTINCT locality FROM bnl_person WHERE community_id = $1 AND locality IS NOT NULL ORDER BY locality',
    [communityId],
  );
  return rows.map((r) => r.locality);
}
