import { parseDay, type Day } from '../domain/time/day.ts';
import type { RaceCategory } from '../domain/bnl/types.ts';
import type {
  HmisClientInput,
  HmisCurrentLivingSituationInput,
  HmisEnrollmentInput,
  HmisHouseholdMemberInput,
  HmisPersonInput,
  HmisServiceInput,
} from '../domain/hmis/types.ts';
import { hmisGenderLabel } from '../domain/hmis/codes.ts';
import type { Database } from './database.ts';

/**
 * Reads people's HMIS records back from the community's tables, a batch of
 * people at a time (keyset pagination by PersonalID), shaped for the pure
 * derivation in src/domain/hmis. Deleted records never reach it (the import
 * removes them).
 */
export async function* hmisPeople(db: Database, communityId: number, options: { batchSize?: number; only?: readonly string[] } = {}): AsyncGenerator<HmisPersonInput[]> {
  const batchSize = options.batchSize ?? 2000;
  const projects = await projectFacts(db, communityId);
  if (options.only) {
    for (let i = 0; i < options.only.length; i += batchSize) {
      const ids = options.only.slice(i, i + batchSize);
      const batch = await loadPeople(db, communityId, projects, ids, null);
      if (batch.length) yield batch;
    }
    return;
  }
  const shared = await sharedHouseholdMembers(db, communityId);
  const page = (after: string | null): Promise<{ personalid: string }[]> =>
    // Two statements rather than `$2 IS NULL OR personalid > $2`, which keeps the planner off the index.
    after === null
      ? db.query(`SELECT personalid FROM hmis_client WHERE community_id = $1 ORDER BY personalid LIMIT $2`, [communityId, batchSize])
      : db.query(`SELECT personalid FROM hmis_client WHERE community_id = $1 AND personalid > $2 ORDER BY personalid LIMIT $3`, [communityId, after, batchSize]);
  let after: string | null = null;
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield await loadPeople(db, communityId, projects, rows.map((r) => r.personalid), shared);
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].personalid;
  }
}

/** What derivation needs of each project: its type, its provider's name and its locality. */
interface ProjectFacts {
  projectType: number | null;
  provider: string | null;
  locality: string | null;
}

/** Every project of the community, read once (hundreds of rows) rather than joined to each enrollment. */
async function projectFacts(db: Database, communityId: number): Promise<Map<string, ProjectFacts>> {
  const rows = await db.query<{ projectid: string; projecttype: number | null; provider: string | null; locality: string | null }>(
    `SELECT p.projectid, p.projecttype, o.organizationname AS provider,
            (SELECT coalesce(nullif(pc.city, ''), pc.geocode) FROM hmis_projectcoc pc
              WHERE pc.community_id = p.community_id AND pc.projectid = p.projectid ORDER BY pc.projectcocid LIMIT 1) AS locality
       FROM hmis_project p
       LEFT JOIN hmis_organization o ON o.community_id = p.community_id AND o.organizationid = p.organizationid
      WHERE p.community_id = $1`,
    [communityId],
  );
  return new Map(rows.map((r) => [r.projectid, { projectType: num(r.projecttype), provider: r.provider, locality: r.locality }]));
}

/**
 * The full pass reads household members from a temporary table of the households
 * that have more than one person (a household of one needs no other member): one
 * grouped scan instead of a probe per household in every batch. Dropped at commit, so
 * it must run inside a transaction (imports and re-derivations do).
 */
async function sharedHouseholdMembers(db: Database, communityId: number): Promise<string> {
  const table = 'pg_temp.shared_household_member';
  await db.exec(`DROP TABLE IF EXISTS ${table}`);
  await db.query(
    `CREATE TEMP TABLE shared_household_member ON COMMIT DROP AS
     SELECT DISTINCT e.community_id, e.householdid, e.personalid, to_char(c.dob, 'YYYY-MM-DD') AS dob, c.dobdataquality, e.relationshiptohoh
       FROM hmis_enrollment e LEFT JOIN hmis_client c ON c.community_id = e.community_id AND c.personalid = e.personalid
      WHERE e.community_id = ${Number(communityId)} AND e.householdid IN (
            SELECT householdid FROM hmis_enrollment WHERE community_id = ${Number(communityId)} AND householdid IS NOT NULL
             GROUP BY householdid HAVING count(DISTINCT personalid) > 1)`,
  );
  await db.exec(`CREATE INDEX ON ${table} (community_id, householdid); ANALYZE ${table}`);
  return table;
}

/** People sharing a household with any of `personIds` (including them). */
export async function withHouseholdMembers(db: Database, communityId: number, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await db.query<{ personalid: string }>(
    `SELECT DISTINCT m.personalid FROM hmis_enrollment e
       JOIN hmis_enrollment m ON m.community_id = e.community_id AND m.householdid = e.householdid
      WHERE e.community_id = $1 AND e.personalid = ANY($2) AND e.householdid IS NOT NULL
     UNION SELECT unnest($2::text[])`,
    [communityId, personIds],
  );
  return rows.map((r) => r.personalid).sort();
}

/** An enrollment whose project is not in Project.csv (an orphan reference). */
const NO_PROJECT: ProjectFacts = { projectType: null, provider: null, locality: null };

const day = (v: string | null): Day | null => (v === null ? null : parseDay(v.slice(0, 10)));
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

interface ClientRow {
  personalid: string;
  dob: string | null;
  dobdataquality: number | null;
  veteranstatus: number | null;
  amindaknative: number | null;
  asian: number | null;
  blackafamerican: number | null;
  hispaniclatinaeo: number | null;
  hispaniclatinao: number | null;
  mideastnafrican: number | null;
  nativehipacific: number | null;
  white: number | null;
  racenone: number | null;
  woman: number | null;
  man: number | null;
  nonbinary: number | null;
  culturallyspecific: number | null;
  transgender: number | null;
  questioning: number | null;
  differentidentity: number | null;
  sex: number | null;
}

/**
 * With `sharedMembers` (the full pass, see `sharedHouseholdMembers`), the IDs are every
 * client from the first to the last in PersonalID order, so each table is read as one
 * index range instead of one index probe per person; rows of other people in the range
 * (orphans) are ignored, as they are when probing.
 */
async function loadPeople(
  db: Database,
  communityId: number,
  projects: ReadonlyMap<string, ProjectFacts>,
  ids: readonly string[],
  sharedMembers: string | null,
): Promise<HmisPersonInput[]> {
  const consecutive = sharedMembers !== null;
  const who = (column: string) => (consecutive ? `${column} BETWEEN $2 AND $3` : `${column} = ANY($2)`);
  const params = consecutive ? [communityId, ids[0], ids[ids.length - 1]] : [communityId, ids];
  const clients = await db.query<ClientRow>(
    `SELECT personalid, to_char(dob, 'YYYY-MM-DD') AS dob, dobdataquality, veteranstatus, amindaknative, asian, blackafamerican, hispaniclatinaeo,
            hispaniclatinao, mideastnafrican, nativehipacific, white, racenone, woman, man, nonbinary, culturallyspecific, transgender,
            questioning, differentidentity, sex
       FROM hmis_client WHERE community_id = $1 AND ${who('personalid')} ORDER BY personalid`,
    params,
  );
  const enrollments = await db.query<{
    enrollmentid: string; personalid: string; projectid: string; entrydate: string; movein: string | null; householdid: string | null;
    relationshiptohoh: number | null; livingsituation: number | null; datetostreetessh: string | null; timeshomelesspastthreeyears: number | null;
    monthshomelesspastthreeyears: number | null; losunderthreshold: number | null; previousstreetessh: number | null; disablingcondition: number | null;
    exitid: string | null; exitdate: string | null; destination: number | null;
  }>(
    `SELECT e.enrollmentid, e.personalid, e.projectid, to_char(e.entrydate, 'YYYY-MM-DD') AS entrydate, to_char(e.moveindate, 'YYYY-MM-DD') AS movein,
            e.householdid, e.relationshiptohoh, e.livingsituation, to_char(e.datetostreetessh, 'YYYY-MM-DD') AS datetostreetessh,
            e.timeshomelesspastthreeyears, e.monthshomelesspastthreeyears, e.losunderthreshold, e.previousstreetessh, e.disablingcondition,
            x.exitid, to_char(x.exitdate, 'YYYY-MM-DD') AS exitdate, x.destination
       FROM hmis_enrollment e
       LEFT JOIN LATERAL (SELECT exitid, exitdate, destination FROM hmis_exit x
                           WHERE x.community_id = e.community_id AND x.enrollmentid = e.enrollmentid ORDER BY x.exitdate DESC NULLS LAST LIMIT 1) x ON true
      WHERE e.community_id = $1 AND ${who('e.personalid')} AND e.entrydate IS NOT NULL`,
    params,
  );
  const services = await db.query<{ servicesid: string; enrollmentid: string; personalid: string; dateprovided: string; recordtype: number | null }>(
    `SELECT servicesid, enrollmentid, personalid, to_char(dateprovided, 'YYYY-MM-DD') AS dateprovided, recordtype
       FROM hmis_services WHERE community_id = $1 AND ${who('personalid')} AND dateprovided IS NOT NULL`,
    params,
  );
  const situations = await db.query<{ currentlivingsitid: string; enrollmentid: string; personalid: string; informationdate: string; currentlivingsituation: number | null }>(
    `SELECT currentlivingsitid, enrollmentid, personalid, to_char(informationdate, 'YYYY-MM-DD') AS informationdate, currentlivingsituation
       FROM hmis_currentlivingsituation WHERE community_id = $1 AND ${who('personalid')} AND informationdate IS NOT NULL`,
    params,
  );
  const householdIds = [...new Set(enrollments.map((e) => e.householdid).filter((h): h is string => h !== null))];
  const members = householdIds.length === 0
    ? []
    : await db.query<{ householdid: string; personalid: string; dob: string | null; dobdataquality: number | null; relationshiptohoh: number | null }>(
        sharedMembers !== null
          ? `SELECT householdid, personalid, dob, dobdataquality, relationshiptohoh FROM ${sharedMembers}
              WHERE community_id = $2 AND householdid = ANY($1) ORDER BY householdid, personalid, relationshiptohoh`
          : `SELECT DISTINCT e.householdid, e.personalid, to_char(c.dob, 'YYYY-MM-DD') AS dob, c.dobdataquality, e.relationshiptohoh
               FROM hmis_enrollment e LEFT JOIN hmis_client c ON c.community_id = e.community_id AND c.personalid = e.personalid
              WHERE e.community_id = $2 AND e.householdid = ANY($1)
              ORDER BY e.householdid, e.personalid, e.relationshiptohoh`,
        [householdIds, communityId],
      );

  const group = <T extends { personalid: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      let list = m.get(r.personalid);
      if (!list) m.set(r.personalid, (list = []));
      list.push(r);
    }
    return m;
  };
  const enrollmentsBy = group(enrollments);
  const servicesBy = group(services);
  const situationsBy = group(situations);
  const membersByHousehold = new Map<string, HmisHouseholdMemberInput[]>();
  for (const m of members) {
    let list = membersByHousehold.get(m.householdid);
    if (!list) membersByHousehold.set(m.householdid, (list = []));
    list.push({ householdId: m.householdid, personalId: m.personalid, dob: day(m.dob), dobDataQuality: num(m.dobdataquality), relationshipToHoH: num(m.relationshiptohoh) });
  }

  return clients.map((c) => {
    const race: Record<RaceCategory, number | null> = {
      am_ind_ak_native: num(c.amindaknative),
      asian: num(c.asian),
      black_af_american: num(c.blackafamerican),
      hispanic_latinaeo: num(c.hispaniclatinaeo ?? c.hispaniclatinao),
      mid_east_n_african: num(c.mideastnafrican),
      native_hi_pacific: num(c.nativehipacific),
      white: num(c.white),
    };
    const client: HmisClientInput = {
      source: { file: 'Client.csv', record: c.personalid },
      personalId: c.personalid,
      dob: day(c.dob),
      dobDataQuality: num(c.dobdataquality),
      veteranStatus: num(c.veteranstatus),
      race,
      raceNone: num(c.racenone),
      gender: hmisGenderLabel({
        woman: num(c.woman), man: num(c.man), nonBinary: num(c.nonbinary), culturallySpecific: num(c.culturallyspecific),
        transgender: num(c.transgender), questioning: num(c.questioning), differentIdentity: num(c.differentidentity), sex: num(c.sex),
      }),
    };
    const own = enrollmentsBy.get(c.personalid) ?? [];
    const enrollmentInputs: HmisEnrollmentInput[] = own.map((e) => ({
      source: { file: 'Enrollment.csv', record: e.enrollmentid },
      enrollmentId: e.enrollmentid,
      project: { projectId: e.projectid, ...(projects.get(e.projectid) ?? NO_PROJECT) },
      entryDate: day(e.entrydate)!,
      exit: e.exitid && e.exitdate ? { source: { file: 'Exit.csv', record: e.exitid }, exitDate: day(e.exitdate)!, destination: num(e.destination) } : null,
      moveInDate: day(e.movein),
      householdId: e.householdid,
      relationshipToHoH: num(e.relationshiptohoh),
      livingSituation: num(e.livingsituation),
      dateToStreetESSH: day(e.datetostreetessh),
      timesHomelessPastThreeYears: num(e.timeshomelesspastthreeyears),
      monthsHomelessPastThreeYears: num(e.monthshomelesspastthreeyears),
      losUnderThreshold: num(e.losunderthreshold),
      previousStreetESSH: num(e.previousstreetessh),
      disablingCondition: num(e.disablingcondition),
    }));
    const serviceInputs: HmisServiceInput[] = (servicesBy.get(c.personalid) ?? []).map((s) => ({
      source: { file: 'Services.csv', record: s.servicesid },
      enrollmentId: s.enrollmentid,
      dateProvided: day(s.dateprovided)!,
      recordType: num(s.recordtype),
    }));
    const situationInputs: HmisCurrentLivingSituationInput[] = (situationsBy.get(c.personalid) ?? []).map((s) => ({
      source: { file: 'CurrentLivingSituation.csv', record: s.currentlivingsitid },
      enrollmentId: s.enrollmentid,
      informationDate: day(s.informationdate)!,
      currentLivingSituation: num(s.currentlivingsituation),
    }));
    const householdMembers = [...new Set(own.map((e) => e.householdid).filter((h): h is string => h !== null))].flatMap((h) => membersByHousehold.get(h) ?? []);
    return { client, enrollments: enrollmentInputs, services: serviceInputs, currentLivingSituations: situationInputs, householdMembers };
  });
}
