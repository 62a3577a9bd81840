/**
 * persons.csv: one row per person on the By-Name List. See docs/formats/bnl-csv.md.
 */
import { RACE_CATEGORIES, type RaceCategory } from '../../domain/bnl/types.ts';
import { ageOn, dayFromParts, dayParts, parseDay, formatDay, type Day } from '../../domain/time/day.ts';
import { FileReportBuilder, type FileReport, type RejectedRowListener } from '../problems.ts';
import { addProblem, Batcher, cell, checkShape, openTable, type TableSpec } from './table.ts';
import type { BnlPersonRow, BnlProgress } from './types.ts';

export const PERSONS_FILE = 'persons.csv';
export const PERSON_REQUIRED_COLUMNS = ['person_id'] as const;
export const PERSON_OPTIONAL_COLUMNS = [
  'birth_date',
  'birth_year',
  'veteran',
  'chronic_since',
  'household_id',
  'relationship',
  'race',
  'gender',
  'locality',
] as const;

export const MAX_PERSON_ID_LENGTH = 64;
export const MIN_BIRTH_YEAR = 1900;

const VETERAN_VALUES = new Map<string, boolean | null>([
  ['yes', true],
  ['y', true],
  ['1', true],
  ['true', true],
  ['no', false],
  ['n', false],
  ['0', false],
  ['false', false],
  // HUD "client doesn't know", "client prefers not to answer", "data not collected".
  ['8', null],
  ['9', null],
  ['99', null],
]);

type Relationship = BnlPersonRow['relationship'];
const RELATIONSHIP_VALUES = new Map<string, Relationship>([
  ['', 'head'],
  ['head', 'head'],
  ['spouse', 'spouse'],
  ['partner', 'spouse'],
  ['child', 'child'],
  ['other', 'other'],
  // HUD RelationshipToHoH.
  ['1', 'head'],
  ['2', 'child'],
  ['3', 'spouse'],
  ['4', 'other'],
  ['5', 'other'],
]);

const RACE_KEYS = new Map<string, RaceCategory>([
  ...RACE_CATEGORIES.map((k): [string, RaceCategory] => [k, k]),
  // HUD FY2024 column names.
  ['amindaknative', 'am_ind_ak_native'],
  ['blackafamerican', 'black_af_american'],
  ['hispaniclatinaeo', 'hispanic_latinaeo'],
  ['mideastnafrican', 'mid_east_n_african'],
  ['nativehipacific', 'native_hi_pacific'],
]);

/** The ids of the loaded persons, each with its position in load order. */
export interface PersonIndex {
  ids: Map<string, number>;
  count: number;
}

interface Held {
  row: BnlPersonRow;
  warned: boolean;
  relationshipText: string;
}

interface Household {
  heads: number;
  firstHead: BnlPersonRow | null;
  /** Members read before the household had a head; given to the sink once it has one, or at the end. */
  held: Held[] | null;
}

export interface ReadPersonsContext {
  path: string;
  bytesTotal: number;
  asOf: Day;
  batchSize: number;
  send: (rows: BnlPersonRow[]) => Promise<void>;
  onProgress?: (p: BnlProgress) => void;
  onRejectedRow?: RejectedRowListener;
}

export async function readPersons(ctx: ReadPersonsContext): Promise<{ report: FileReport; index: PersonIndex }> {
  const report = new FileReportBuilder(PERSONS_FILE, ctx.onRejectedRow);
  const spec: TableSpec = {
    file: PERSONS_FILE,
    kind: PERSONS_FILE,
    required: PERSON_REQUIRED_COLUMNS,
    optional: PERSON_OPTIONAL_COLUMNS,
  };
  let rows = 0;
  const table = await openTable(ctx.path, spec, report);
  const ids = new Map<string, number>();
  const lines: number[] = [];
  const households = new Map<string, Household>();
  const out = new Batcher<BnlPersonRow>(ctx.batchSize, ctx.send);
  const asOfYear = dayParts(ctx.asOf).year;

  for await (const batch of table.records) {
    for (const record of batch) {
      rows += 1;
      report.beginRow(record);
      if (!checkShape(record, table.width, report)) {
        report.endRow();
        continue;
      }
      const f = record.fields;
      const line = record.line;
      const personId = cell(f, table.columns, 'person_id');
      let idOk = false;
      if (personId === '') {
        addProblem(report, 'error', line, 'person_id', '', 'required-value', 'person_id is blank; every person needs an id.');
      } else if (personId.length > MAX_PERSON_ID_LENGTH && [...personId].length > MAX_PERSON_ID_LENGTH) {
        addProblem(
          report,
          'error',
          line,
          'person_id',
          personId,
          'too-long',
          `person_id is ${[...personId].length} characters long; it may be at most ${MAX_PERSON_ID_LENGTH}.`,
        );
      } else if (ids.has(personId)) {
        addProblem(
          report,
          'error',
          line,
          'person_id',
          personId,
          'duplicate-person',
          `person_id ${personId} was already used on line ${lines[ids.get(personId)!]}; each person may appear only once.`,
        );
      } else {
        idOk = true;
      }

      const row = parsePersonFields(f, table.columns, line, personId, report, ctx.asOf, asOfYear);

      let household: Household | undefined;
      if (idOk && row.householdId !== null) {
        household = households.get(row.householdId);
        if (!household) {
          household = { heads: 0, firstHead: null, held: null };
          households.set(row.householdId, household);
        }
        if (row.relationship === 'head') {
          if (household.firstHead) {
            addProblem(
              report,
              'warning',
              line,
              'relationship',
              cell(f, table.columns, 'relationship'),
              'household-head',
              `Household ${row.householdId} already has a head (${household.firstHead.personId}, line ${household.firstHead.line}); a household should have exactly one head.`,
            );
          } else {
            household.firstHead = row;
          }
          household.heads += 1;
        }
      }

      const warnedBefore = report.report.rowsWarned;
      if (!report.endRow()) continue;
      // A copy of the id: the parsed text may be a slice that keeps its whole read chunk alive.
      ids.set((' ' + personId).slice(1), lines.length);
      lines.push(line);

      if (household && household.heads === 0) {
        (household.held ??= []).push({
          row,
          warned: report.report.rowsWarned !== warnedBefore,
          relationshipText: cell(f, table.columns, 'relationship'),
        });
        continue;
      }
      if (out.push(row)) await out.flush();
      if (household?.held) {
        for (const h of household.held) if (out.push(h.row)) await out.flush();
        household.held = null;
      }
    }
    ctx.onProgress?.({ file: PERSONS_FILE, bytesRead: table.bytesRead(), bytesTotal: ctx.bytesTotal, rows });
  }

  // Households that never had a head: the oldest adult becomes head.
  for (const [householdId, household] of households) {
    if (!household.held) continue;
    const chosen = chooseHead(household.held, ctx.asOf);
    chosen.held.row.relationship = 'head';
    addProblem(
      report,
      'warning',
      chosen.held.row.line,
      'relationship',
      chosen.held.relationshipText,
      'household-head',
      chosen.adult
        ? `Household ${householdId} has no head; ${chosen.held.row.personId}, its oldest adult, is taken as head.`
        : `Household ${householdId} has no head and no member known to be an adult; ${chosen.held.row.personId}, listed first, is taken as head.`,
    );
    // The row was loaded earlier; count it as warned now if it was not already.
    if (!chosen.held.warned) report.report.rowsWarned += 1;
    for (const h of household.held) if (out.push(h.row)) await out.flush();
    household.held = null;
  }
  await out.flush();
  ctx.onProgress?.({ file: PERSONS_FILE, bytesRead: ctx.bytesTotal, bytesTotal: ctx.bytesTotal, rows });
  return { report: report.report, index: { ids, count: lines.length } };
}

/** The oldest member aged 18+ on `asOf` (first listed on a tie), else the first listed member. */
function chooseHead(members: Held[], asOf: Day): { held: Held; adult: boolean } {
  let best: Held | null = null;
  for (const m of members) {
    const b = m.row.birthDate;
    if (b === null || b > asOf || ageOn(b, asOf) < 18) continue;
    if (best === null || b < best.row.birthDate!) best = m;
  }
  return best ? { held: best, adult: true } : { held: members[0], adult: false };
}

function parsePersonFields(
  f: string[],
  columns: Map<string, number>,
  line: number,
  personId: string,
  report: FileReportBuilder,
  asOf: Day,
  asOfYear: number,
): BnlPersonRow {
  const warn = (column: string, value: string, rule: string, message: string) =>
    addProblem(report, 'warning', line, column, value, rule, message);
  const minBirth = dayFromParts(MIN_BIRTH_YEAR, 1, 1)!;

  // Birth date, or a birth year taken as 1 July.
  const birthDateText = cell(f, columns, 'birth_date');
  const birthYearText = cell(f, columns, 'birth_year');
  let fullDate: Day | null = null;
  if (birthDateText !== '') {
    const d = parseDay(birthDateText);
    if (d === null) {
      warn('birth_date', birthDateText, 'date-format', 'birth_date is not a real date written YYYY-MM-DD; the birth date is left unknown.');
    } else if (d < minBirth || d > asOf) {
      warn(
        'birth_date',
        birthDateText,
        'date-range',
        `birth_date must be between ${MIN_BIRTH_YEAR}-01-01 and the as-of date ${formatDay(asOf)}; the birth date is left unknown.`,
      );
    } else {
      fullDate = d;
    }
  }
  let year: number | null = null;
  if (birthYearText !== '') {
    if (!/^\d{4}$/.test(birthYearText)) {
      warn('birth_year', birthYearText, 'date-format', 'birth_year is not a four-digit year (YYYY); it is ignored.');
    } else if (Number(birthYearText) < MIN_BIRTH_YEAR || Number(birthYearText) > asOfYear) {
      warn('birth_year', birthYearText, 'date-range', `birth_year must be between ${MIN_BIRTH_YEAR} and ${asOfYear}; it is ignored.`);
    } else {
      year = Number(birthYearText);
    }
  }
  let birthDate: Day | null = null;
  let birthYearOnly = false;
  if (fullDate !== null) {
    birthDate = fullDate;
    if (year !== null && dayParts(fullDate).year !== year) {
      warn(
        'birth_year',
        birthYearText,
        'birth-date-mismatch',
        `birth_year ${year} does not match birth_date ${birthDateText}; birth_date is used.`,
      );
    }
  } else if (birthDateText === '' && year !== null) {
    birthDate = dayFromParts(year, 7, 1);
    birthYearOnly = true;
  }

  const veteranText = cell(f, columns, 'veteran');
  let veteran: boolean | null = null;
  if (veteranText !== '') {
    const v = VETERAN_VALUES.get(veteranText.toLowerCase());
    if (v === undefined) {
      warn('veteran', veteranText, 'veteran-value', 'veteran must be yes, no, y, n, 1, 0, true or false; it is left unknown.');
    } else {
      veteran = v;
    }
  }

  const chronicText = cell(f, columns, 'chronic_since');
  let chronicSince: Day | null = null;
  if (chronicText !== '') {
    const d = parseDay(chronicText);
    if (d === null) {
      warn('chronic_since', chronicText, 'date-format', 'chronic_since is not a real date written YYYY-MM-DD; it is treated as blank.');
    } else if (d > asOf) {
      warn('chronic_since', chronicText, 'future-date', `chronic_since is after the as-of date ${formatDay(asOf)}; it is treated as blank.`);
    } else {
      chronicSince = d;
    }
  }

  const householdText = cell(f, columns, 'household_id');
  const relationshipText = cell(f, columns, 'relationship');
  let relationship = RELATIONSHIP_VALUES.get(relationshipText.toLowerCase());
  if (relationship === undefined) {
    warn(
      'relationship',
      relationshipText,
      'relationship-value',
      'relationship must be head, spouse, partner, child, other or a HUD RelationshipToHoH code 1-5; it is treated as other.',
    );
    relationship = 'other';
  }

  const raceText = cell(f, columns, 'race');
  const races = new Set<RaceCategory>();
  if (raceText !== '') {
    for (const part of raceText.split(/[;|]/)) {
      const key = part.trim();
      if (key === '') continue;
      const race = RACE_KEYS.get(key.toLowerCase());
      if (race === undefined) {
        warn(
          'race',
          key,
          'race-value',
          `"${key}" is not a race category (${RACE_CATEGORIES.join(', ')}, or the HUD column names); it is dropped.`,
        );
      } else {
        races.add(race);
      }
    }
  }

  const gender = cell(f, columns, 'gender');
  const locality = cell(f, columns, 'locality');
  return {
    personId,
    birthDate,
    birthYearOnly,
    veteran,
    chronicSince,
    householdId: householdText === '' ? null : householdText,
    relationship,
    race: RACE_CATEGORIES.filter((r) => races.has(r)),
    gender: gender === '' ? null : gender,
    locality: locality === '' ? null : locality,
    line,
  };
}
