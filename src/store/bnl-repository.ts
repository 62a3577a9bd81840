import { formatDay, parseDay, type Day } from '../domain/time/day.ts';
import type { HouseholdSpell, MonthlyFigures, PersonHistory, PopulationTransition, RaceCategory, Status } from '../domain/bnl/types.ts';
import type { Database } from './database.ts';
import { copyLine } from './copy-csv.ts';

/** A person as stored (the BNL persons file's columns, already validated). */
export interface PersonInput {
  personId: string;
  birthDate: Day | null;
  birthYearOnly: boolean;
  veteran: boolean | null;
  chronicSince: Day | null;
  householdId: string | null;
  relationship: 'head' | 'spouse' | 'child' | 'other';
  race: readonly RaceCategory[];
  gender: string | null;
  locality: string | null;
  line: number;
}

/** A recorded change of overall status, with where it came from. */
export interface StatusChangeInput {
  personId: string;
  date: Day;
  status: Status;
  reason: string | null;
  provider: string | null;
  sourceFile: string;
  sourceLine: number;
}

export interface MergeCounts {
  personsAdded: number;
  personsChanged: number;
  changesAdded: number;
  changesChanged: number;
  personsRemoved: number;
}

const PERSON_COLUMNS = ['person_id', 'birth_date', 'birth_year_only', 'veteran', 'chronic_since', 'household_id', 'relationship', 'race', 'gender', 'locality', 'source_line'];
const DERIVED_PERSON_COLUMNS = ['community_id', 'person_id', 'birth_date', 'birth_year_only', 'veteran', 'chronic_since', 'household_id', 'relationship', 'race', 'gender', 'locality', 'import_id', 'source_line', 'households', 'chronic'];
const DERIVED_CHANGE_COLUMNS = ['community_id', 'person_id', 'change_date', 'status', 'reason', 'provider', 'source_file', 'source_record', 'import_id'];
const CHANGE_COLUMNS = ['person_id', 'change_date', 'status', 'reason', 'provider', 'source_file', 'source_record'];
const TRANSITION_COLUMNS = ['community_id', 'population', 'person_id', 'transition_date', 'from_status', 'to_status', 'flow', 'days_to_housing', 'source_file', 'source_record', 'provider'];
const MONTH_COLUMNS = ['community_id', 'population', 'month', 'actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive', 'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria', 'avg_days_to_housing', 'balanced'];

const day = (d: Day | null): string | null => (d === null ? null : formatDay(d));

/**
 * The By-Name List's stored records and derived figures for one community. Every
 * statement filters by this community's id.
 */
export class BnlRepository {
  constructor(
    private readonly db: Database,
    readonly communityId: number,
  ) {}

  /** Temporary tables that hold one import's rows until they are merged (dropped at commit). */
  async beginStaging(): Promise<void> {
    await this.db.exec(`
      CREATE TEMP TABLE stage_person ON COMMIT DROP AS SELECT * FROM bnl_person WITH NO DATA;
      CREATE TEMP TABLE stage_change ON COMMIT DROP AS SELECT * FROM bnl_status_change WITH NO DATA;`);
  }

  async stagePersons(rows: readonly PersonInput[]): Promise<void> {
    const lines = rows.map((r) =>
      copyLine([r.personId, day(r.birthDate), r.birthYearOnly, r.veteran, day(r.chronicSince), r.householdId, r.relationship, r.race, r.gender, r.locality, r.line]),
    );
    await this.db.copyCsv('stage_person', PERSON_COLUMNS, lines);
  }

  async stageChanges(rows: readonly StatusChangeInput[]): Promise<void> {
    const lines = rows.map((r) => copyLine([r.personId, formatDay(r.date), r.status, r.reason, r.provider, r.sourceFile, String(r.sourceLine)]));
    await this.db.copyCsv('stage_change', CHANGE_COLUMNS, lines);
  }

  /**
   * Moves the staged rows into the list: new people and changes are added, changed
   * ones replaced (by person id, and by person and date), identical ones left alone
   * so that importing the same files twice changes nothing. With `replace`, people
   * and changes that are not in this import are removed.
   */
  async mergeStaged(importId: number, replace: boolean): Promise<MergeCounts> {
    const c = this.communityId;
    let personsRemoved = 0;
    if (replace) {
      const removed = await this.db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM bnl_person p WHERE p.community_id = $1
            AND NOT EXISTS (SELECT 1 FROM stage_person s WHERE s.person_id = p.person_id) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [c],
      );
      personsRemoved = removed[0].n;
      await this.db.query(
        `DELETE FROM bnl_status_change x WHERE x.community_id = $1
            AND NOT EXISTS (SELECT 1 FROM stage_change s WHERE s.person_id = x.person_id AND s.change_date = x.change_date)`,
        [c],
      );
    }
    const persons = await this.db.query<{ added: number; changed: number }>(
      `WITH up AS (
         INSERT INTO bnl_person (community_id, person_id, birth_date, birth_year_only, veteran, chronic_since, household_id, relationship, race, gender, locality, import_id, source_line)
         SELECT $1, person_id, birth_date, birth_year_only, veteran, chronic_since, household_id, relationship, race, gender, locality, $2, source_line FROM stage_person
         ON CONFLICT (community_id, person_id) DO UPDATE SET
           birth_date = EXCLUDED.birth_date, birth_year_only = EXCLUDED.birth_year_only, veteran = EXCLUDED.veteran,
           chronic_since = EXCLUDED.chronic_since, household_id = EXCLUDED.household_id, relationship = EXCLUDED.relationship,
           race = EXCLUDED.race, gender = EXCLUDED.gender, locality = EXCLUDED.locality, import_id = EXCLUDED.import_id, source_line = EXCLUDED.source_line
         WHERE (bnl_person.birth_date, bnl_person.birth_year_only, bnl_person.veteran, bnl_person.chronic_since, bnl_person.household_id,
                bnl_person.relationship, bnl_person.race, bnl_person.gender, bnl_person.locality)
           IS DISTINCT FROM (EXCLUDED.birth_date, EXCLUDED.birth_year_only, EXCLUDED.veteran, EXCLUDED.chronic_since, EXCLUDED.household_id,
                EXCLUDED.relationship, EXCLUDED.race, EXCLUDED.gender, EXCLUDED.locality)
         RETURNING (xmax = 0) AS inserted)
       SELECT (count(*) FILTER (WHERE inserted))::int AS added, (count(*) FILTER (WHERE NOT inserted))::int AS changed FROM up`,
      [c, importId],
    );
    const changes = await this.db.query<{ added: number; changed: number }>(
      `WITH up AS (
         INSERT INTO bnl_status_change (community_id, person_id, change_date, status, reason, provider, source_file, source_record, import_id)
         SELECT $1, person_id, change_date, status, reason, provider, source_file, source_record, $2 FROM stage_change
         ON CONFLICT (community_id, person_id, change_date) DO UPDATE SET
           status = EXCLUDED.status, reason = EXCLUDED.reason, provider = EXCLUDED.provider,
           source_file = EXCLUDED.source_file, source_record = EXCLUDED.source_record, import_id = EXCLUDED.import_id
         WHERE (bnl_status_change.status, bnl_status_change.reason, bnl_status_change.provider)
           IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.reason, EXCLUDED.provider)
         RETURNING (xmax = 0) AS inserted)
       SELECT (count(*) FILTER (WHERE inserted))::int AS added, (count(*) FILTER (WHERE NOT inserted))::int AS changed FROM up`,
      [c, importId],
    );
    return {
      personsAdded: persons[0].added,
      personsChanged: persons[0].changed,
      changesAdded: changes[0].added,
      changesChanged: changes[0].changed,
      personsRemoved,
    };
  }

  /**
   * Replaces people derived from another source (an HMIS export): their attributes,
   * with dated households and chronic ranges, and their status changes. Callers
   * delete the people first with `removePeople` when re-deriving them.
   */
  async writeDerivedPeople(people: readonly PersonHistory[], importId: number | null): Promise<void> {
    const c = this.communityId;
    const personLines = people.map(({ person: p }) => {
      const head = p.households.find((h) => h.isHead) ?? p.households[0] ?? null;
      return copyLine([
        c, p.personId, day(p.birthDate), false, p.veteran, p.chronic[0] ? day(p.chronic[0].from) : null, head?.householdId ?? null,
        head && !head.isHead ? 'other' : 'head', p.race, p.gender, p.locality, importId, null,
        JSON.stringify(p.households.map((h) => ({ from: formatDay(h.from), to: day(h.to), householdId: h.householdId, isHead: h.isHead, members: h.members.map((m) => ({ personId: m.personId, birthDate: day(m.birthDate) })) }))),
        JSON.stringify(p.chronic.map((r) => ({ from: formatDay(r.from), to: day(r.to) }))),
      ]);
    });
    await this.db.copyCsv('bnl_person', DERIVED_PERSON_COLUMNS, personLines);
    const changeLines: string[] = [];
    for (const { person, changes } of people)
      for (const ch of changes)
        changeLines.push(copyLine([c, person.personId, formatDay(ch.date), ch.status, ch.reason, ch.provenance.provider, ch.provenance.source, ch.provenance.record, importId]));
    await this.db.copyCsv('bnl_status_change', DERIVED_CHANGE_COLUMNS, changeLines);
  }

  /** Removes people (and, through the foreign key, their status changes) and their derived transitions. */
  async removePeople(personIds: readonly string[]): Promise<void> {
    if (personIds.length === 0) return;
    await this.db.query('DELETE FROM bnl_transition WHERE community_id = $1 AND person_id = ANY($2)', [this.communityId, personIds]);
    await this.db.query('DELETE FROM bnl_person WHERE community_id = $1 AND person_id = ANY($2)', [this.communityId, personIds]);
  }

  /** Fresh planner statistics after a bulk change of the list (the derivation reads it in batches). */
  async refreshStatistics(): Promise<void> {
    await this.db.exec('ANALYZE bnl_person; ANALYZE bnl_status_change');
  }

  /** Fresh statistics for the derived transitions, which measures query by person and flow. */
  async refreshTransitionStatistics(): Promise<void> {
    await this.db.exec('ANALYZE bnl_transition');
  }

  /** How many people this community has on its list (any status). */
  async countPeople(): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM bnl_person WHERE community_id = $1', [this.communityId]);
    return r[0].n;
  }

  /** The first and last day with a recorded status change, or null when there is none. */
  async changeRange(): Promise<{ first: Day; last: Day } | null> {
    const r = await this.db.query<{ first: string | null; last: string | null }>(
      'SELECT min(change_date) AS first, max(change_date) AS last FROM bnl_status_change WHERE community_id = $1',
      [this.communityId],
    );
    if (!r[0].first || !r[0].last) return null;
    return { first: parseDay(r[0].first)!, last: parseDay(r[0].last)! };
  }

  /**
   * Every person with their status changes and households, in batches ordered by
   * person id (keyset pagination: memory stays flat however long the list is).
   * `only` restricts to some people.
   */
  async *people(batchSize = 5000, only?: readonly string[]): AsyncGenerator<PersonHistory[]> {
    let after: string | null = null;
    for (;;) {
      const persons: StoredPerson[] = only
        ? await this.db.query<StoredPerson>(`SELECT ${PERSON_SELECT} FROM bnl_person WHERE community_id = $1 AND person_id = ANY($2) ORDER BY person_id`, [
            this.communityId,
            only,
          ])
        : after === null
          ? await this.db.query<StoredPerson>(`SELECT ${PERSON_SELECT} FROM bnl_person WHERE community_id = $1 ORDER BY person_id LIMIT $2`, [this.communityId, batchSize])
          : await this.db.query<StoredPerson>(
              // Kept apart from the first page's query so the planner uses the primary key.
              `SELECT ${PERSON_SELECT} FROM bnl_person WHERE community_id = $1 AND person_id > $2 ORDER BY person_id LIMIT $3`,
              [this.communityId, after, batchSize],
            );
      if (persons.length === 0) return;
      const first = persons[0].person_id;
      const last = persons[persons.length - 1].person_id;
      const changes = await this.db.query<StoredChange>(
        `SELECT person_id, change_date, status, reason, provider, source_file, source_record FROM bnl_status_change
          WHERE community_id = $1 AND person_id >= $2 AND person_id <= $3 ORDER BY person_id, change_date`,
        [this.communityId, first, last],
      );
      const householdIds = [...new Set(persons.map((p) => p.household_id).filter((h): h is string => h !== null))];
      const members = householdIds.length
        ? await this.db.query<{ household_id: string; person_id: string; birth_date: string | null }>(
            'SELECT household_id, person_id, birth_date FROM bnl_person WHERE community_id = $1 AND household_id = ANY($2)',
            [this.communityId, householdIds],
          )
        : [];
      yield assemble(persons, changes, members);
      if (only || persons.length < batchSize) return;
      after = last;
    }
  }

  /** Replaces every derived row of this community (transitions are streamed in afterwards). */
  async clearDerived(): Promise<void> {
    await this.db.query('DELETE FROM bnl_transition WHERE community_id = $1', [this.communityId]);
    await this.db.query('DELETE FROM bnl_month WHERE community_id = $1', [this.communityId]);
  }

  async writeTransitions(rows: readonly { personId: string; transition: PopulationTransition }[]): Promise<void> {
    const c = this.communityId;
    const lines = rows.map(({ personId, transition: t }) =>
      copyLine([c, t.population, personId, formatDay(t.date), t.from, t.to, t.flow, t.daysToHousing, t.provenance?.source ?? null, t.provenance?.record ?? null, t.provenance?.provider ?? null]),
    );
    await this.db.copyCsv('bnl_transition', TRANSITION_COLUMNS, lines);
  }

  async writeMonths(rows: readonly MonthlyFigures[]): Promise<void> {
    await this.db.query('DELETE FROM bnl_month WHERE community_id = $1', [this.communityId]);
    const c = this.communityId;
    const lines = rows.map((r) =>
      copyLine([
        c, r.population, `${r.month}-01`, r.actively_homeless, r.newly_identified, r.returned_from_housing, r.returned_from_inactive,
        r.housing_placements, r.moved_to_inactive, r.no_longer_meets_criteria, r.avg_days_to_housing, r.balanced,
      ]),
    );
    await this.db.copyCsv('bnl_month', MONTH_COLUMNS, lines);
  }

  async recordDerivation(asOf: Day, settings: unknown, personCount: number): Promise<void> {
    await this.db.query(
      `INSERT INTO bnl_derivation (community_id, as_of, settings, person_count, derived_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (community_id) DO UPDATE SET as_of = EXCLUDED.as_of, settings = EXCLUDED.settings, person_count = EXCLUDED.person_count, derived_at = now()`,
      [this.communityId, formatDay(asOf), JSON.stringify(settings), personCount],
    );
  }

  async derivation(): Promise<{ asOf: string; settings: unknown; personCount: number; derivedAt: string } | null> {
    const r = await this.db.query<{ as_of: string; settings: unknown; person_count: number; derived_at: Date | string }>(
      'SELECT as_of, settings, person_count, derived_at FROM bnl_derivation WHERE community_id = $1',
      [this.communityId],
    );
    if (!r[0]) return null;
    const d = r[0].derived_at;
    return { asOf: r[0].as_of, settings: r[0].settings, personCount: r[0].person_count, derivedAt: d instanceof Date ? d.toISOString() : String(d) };
  }

  /** Monthly figures, optionally for one population and a month range (inclusive, `YYYY-MM`). */
  async months(filter: { population?: string; from?: string; to?: string } = {}): Promise<MonthlyFigures[]> {
    const rows = await this.db.query<StoredMonth>(
      `SELECT population, to_char(month, 'YYYY-MM') AS month, actively_homeless, newly_identified, returned_from_housing, returned_from_inactive,
              housing_placements, moved_to_inactive, no_longer_meets_criteria, avg_days_to_housing, balanced
         FROM bnl_month
        WHERE community_id = $1 AND ($2::text IS NULL OR population = $2)
          AND ($3::date IS NULL OR month >= $3::date) AND ($4::date IS NULL OR month <= $4::date)
        ORDER BY population, month`,
      [this.communityId, filter.population ?? null, filter.from ? `${filter.from}-01` : null, filter.to ? `${filter.to}-01` : null],
    );
    return rows.map((r) => ({
      month: r.month,
      population: r.population,
      actively_homeless: r.actively_homeless,
      newly_identified: r.newly_identified,
      returned_from_housing: r.returned_from_housing,
      returned_from_inactive: r.returned_from_inactive,
      housing_placements: r.housing_placements,
      moved_to_inactive: r.moved_to_inactive,
      no_longer_meets_criteria: r.no_longer_meets_criteria,
      avg_days_to_housing: r.avg_days_to_housing === null ? null : Number(r.avg_days_to_housing),
      balanced: r.balanced,
    }));
  }
}

const PERSON_SELECT = 'person_id, birth_date, veteran, chronic_since, household_id, relationship, race, gender, locality, households, chronic';

interface StoredPerson {
  person_id: string;
  birth_date: string | null;
  veteran: boolean | null;
  chronic_since: string | null;
  household_id: string | null;
  relationship: string;
  race: string[];
  gender: string | null;
  locality: string | null;
  /** Dated household spells (HMIS-derived people); null for CSV lists. */
  households: StoredSpell[] | null;
  chronic: { from: string; to: string | null }[] | null;
}

/** A household spell as stored in JSON: days as YYYY-MM-DD text. */
export interface StoredSpell {
  from: string;
  to: string | null;
  householdId: string;
  isHead: boolean;
  members: { personId: string; birthDate: string | null }[];
}

interface StoredChange {
  person_id: string;
  change_date: string;
  status: Status;
  reason: string | null;
  provider: string | null;
  source_file: string;
  source_record: string;
}

type StoredMonth = Omit<MonthlyFigures, 'avg_days_to_housing'> & { avg_days_to_housing: number | string | null };

/** The household of a BNL person has no dates of its own: it spans all time. */
const ALL_TIME_FROM = -1_000_000;

function assemble(
  persons: StoredPerson[],
  changes: StoredChange[],
  members: { household_id: string; person_id: string; birth_date: string | null }[],
): PersonHistory[] {
  const byHousehold = new Map<string, { personId: string; birthDate: Day | null }[]>();
  for (const m of members) {
    let list = byHousehold.get(m.household_id);
    if (!list) byHousehold.set(m.household_id, (list = []));
    list.push({ personId: m.person_id, birthDate: m.birth_date ? parseDay(m.birth_date) : null });
  }
  const changesByPerson = new Map<string, StoredChange[]>();
  for (const c of changes) {
    let list = changesByPerson.get(c.person_id);
    if (!list) changesByPerson.set(c.person_id, (list = []));
    list.push(c);
  }
  return persons.map((p) => {
    const households: HouseholdSpell[] = [];
    if (p.households) {
      for (const s of p.households)
        households.push({
          from: parseDay(s.from)!,
          to: s.to === null ? null : parseDay(s.to)!,
          householdId: s.householdId,
          isHead: s.isHead,
          members: s.members.map((m) => ({ personId: m.personId, birthDate: m.birthDate === null ? null : parseDay(m.birthDate) })),
        });
    } else if (p.household_id !== null) {
      households.push({
        from: ALL_TIME_FROM,
        to: null,
        householdId: p.household_id,
        isHead: p.relationship === 'head',
        members: byHousehold.get(p.household_id) ?? [],
      });
    }
    const chronicSince = p.chronic_since ? parseDay(p.chronic_since) : null;
    const chronic = p.chronic
      ? p.chronic.map((r) => ({ from: parseDay(r.from)!, to: r.to === null ? null : parseDay(r.to)! }))
      : chronicSince === null
        ? []
        : [{ from: chronicSince, to: null }];
    return {
      person: {
        personId: p.person_id,
        birthDate: p.birth_date ? parseDay(p.birth_date) : null,
        veteran: p.veteran,
        chronic,
        race: p.race as RaceCategory[],
        gender: p.gender,
        locality: p.locality,
        households,
      },
      changes: (changesByPerson.get(p.person_id) ?? []).map((c) => ({
        date: parseDay(c.change_date)!,
        status: c.status,
        reason: c.reason,
        provenance: { source: c.source_file, record: c.source_record, provider: c.provider },
      })),
    };
  });
}
