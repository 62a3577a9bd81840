/**
 * Reading one HMIS file: every record typed by the version's column list, checked, and
 * handed on in batches. The rules (rule ids in brackets):
 *
 * errors (the row is not loaded):
 * - the record has the wrong number of fields [field-count] or bad quoting [csv-quote];
 * - the ID column, or a key column HUD requires (PersonalID, EnrollmentID, ProjectID,
 *   OrganizationID, AssessmentID, ResProjectID), is blank [missing-key];
 * - a date the derivation needs (EntryDate, ExitDate, Services.DateProvided,
 *   CurrentLivingSituation.InformationDate) is blank [missing-date] or unreadable [date-format];
 * - DateDeleted is filled but unreadable [datetime-format]: whether the record was deleted is
 *   unknown, and loading it as live could bring a deleted record back;
 * - the ID repeats an ID loaded earlier in the file [duplicate-id].
 * warnings (the row is loaded and flagged):
 * - any other unreadable value [date-format, datetime-format, number-format]: loaded as null,
 *   the text in the problem (e.g. Client.DateUpdated "03-11-21");
 * - another column HUD requires is blank [missing-value];
 * - a code outside its HUD list [unknown-code] (rules.ts CODE_RULES);
 * - a reference to an ID not loaded from its parent file [orphan-reference] (rules.ts).
 * Rows with a DateDeleted are loaded like the others and counted in `rowsDeleted`.
 * Character values are trimmed; blank (or all-space) values are null.
 */
import type { HmisColumnType, HmisFileName, HmisFileSpec, HmisVersion } from '../../domain/hmis/csv-columns.ts';
import { readCsvRecords } from '../csv.ts';
import { addProblem, checkShape, isBlankRecord } from '../bnl/table.ts';
import { FileReportBuilder, type RejectedRowListener } from '../problems.ts';
import { checkHeader } from './header.ts';
import { IdSet } from './id-set.ts';
import { CODE_RULES, KEY_COLUMNS, REQUIRED_DATES, referencesOf, type CodeRule } from './rules.ts';
import type { HmisSourceFile } from './source.ts';
import type { HmisFileBatch, HmisFileReport, HmisProgress, HmisValue } from './types.ts';
import { clean, readDate, readDateTime, readInteger, readMoney } from './values.ts';

export interface ReadFileContext {
  version: HmisVersion;
  spec: HmisFileSpec;
  source: HmisSourceFile;
  batchSize: number;
  /** ID sets of the parent files read so far (rules.ts PARENT_FILES). */
  parents: ReadonlyMap<HmisFileName, IdSet>;
  send(batch: HmisFileBatch): Promise<void>;
  onProgress?: (p: HmisProgress) => void;
  onRejectedRow?: RejectedRowListener;
}

export interface ReadFileResult {
  report: HmisFileReport;
  /** The IDs of the rows loaded. */
  ids: IdSet;
}

const CHARACTER = 0;
const INTEGER = 1;
const MONEY = 2;
const DATE = 3;
const DATETIME = 4;

const TYPE_CODE: Record<HmisColumnType, number> = { character: CHARACTER, integer: INTEGER, money: MONEY, date: DATE, datetime: DATETIME };
const FORMAT_RULE = ['', 'number-format', 'number-format', 'date-format', 'datetime-format'];
const FORMAT_WANTED = ['', 'a whole number', 'an amount (digits with an optional decimal point)', 'a date YYYY-MM-DD', 'a timestamp YYYY-MM-DD HH:MM:SS'];

interface ColumnPlan {
  name: string;
  type: number;
  /** Position of the column's field in the file's records. */
  field: number;
  /** Blank → missing-key error. */
  key: boolean;
  /** Blank → missing-value warning. */
  required: boolean;
  /** Blank or unreadable → error. */
  requiredDate: boolean;
  deletedDate: boolean;
  code: CodeRule | null;
  parent: HmisFileName | null;
  parentIds: IdSet | null;
}

export function emptyReport(name: HmisFileName, status: HmisFileReport['status'], bytes: number): HmisFileReport {
  return {
    name,
    status,
    bytes,
    rowsDeleted: 0,
    file: `${name}.csv`,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsWarned: 0,
    problemCounts: {},
    problems: [],
  };
}

/** Reads one present, non-empty file whose header was checked already. */
export async function readHmisFile(ctx: ReadFileContext): Promise<ReadFileResult> {
  const { spec, version } = ctx;
  const label = `${spec.name}.csv`;
  const builder = new FileReportBuilder(label, ctx.onRejectedRow);
  const report = Object.assign(builder.report, { name: spec.name, status: 'read', bytes: ctx.source.size, rowsDeleted: 0 }) as HmisFileReport;
  const columns = spec.columns.map((c) => c.name);
  const ids = new IdSet();
  const idIndex = 0;
  let bytesRead = 0;
  const records = readCsvRecords(() => ctx.source.open(), label, (n) => (bytesRead = n));

  let plan: ColumnPlan[] | null = null;
  let width = 0;
  let deleted = -1;
  let rows: HmisValue[][] = [];
  let lines: number[] = [];
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    const batch: HmisFileBatch = { file: spec.name, columns, rows, lines };
    rows = [];
    lines = [];
    await ctx.send(batch);
  };

  try {
    for await (const batch of records) {
      for (const record of batch) {
        if (isBlankRecord(record.fields)) continue;
        if (plan === null) {
          const mapping = checkHeader(record, spec, version, label);
          if (mapping.reordered) {
            const j = mapping.positions.findIndex((p, i) => p !== i);
            addProblem(
              builder,
              'warning',
              record.line,
              columns[j],
              null,
              'column-order',
              `The header has HUD's ${spec.name}.csv columns in another order (${columns[j]} is column ${mapping.positions[j] + 1}, HUD puts it at ${j + 1}); they were read by name.`,
            );
          }
          plan = makePlan(spec, mapping.positions, ctx.parents);
          deleted = plan.findIndex((c) => c.deletedDate);
          width = record.fields.length;
          continue;
        }
        builder.beginRow(record);
        if (!checkShape(record, width, builder)) {
          builder.endRow();
          continue;
        }
        const fields = record.fields;
        const line = record.line;
        const n = plan.length;
        const row: HmisValue[] = new Array(n);
        let error = false;
        for (let j = 0; j < n; j++) {
          const c = plan[j];
          const raw = fields[c.field];
          let v: HmisValue | undefined;
          switch (c.type) {
            case CHARACTER: {
              const t = clean(raw);
              v = t.length === 0 ? null : t;
              break;
            }
            case INTEGER:
              v = readInteger(raw);
              break;
            case MONEY:
              v = readMoney(raw);
              break;
            case DATE:
              v = readDate(raw);
              break;
            default:
              v = readDateTime(raw);
          }
          if (v === null) {
            if (c.key) {
              error = true;
              addProblem(builder, 'error', line, c.name, raw, 'missing-key', `${c.name} is blank; every ${spec.name} record needs one.`);
            } else if (c.requiredDate) {
              error = true;
              addProblem(builder, 'error', line, c.name, raw, 'missing-date', `${c.name} is blank; the By-Name List cannot place this record in time without it.`);
            } else if (c.required) {
              addProblem(builder, 'warning', line, c.name, raw, 'missing-value', `${c.name} is blank, though HUD requires a value; it is loaded as unknown.`);
            }
            row[j] = null;
            continue;
          }
          if (v === undefined) {
            row[j] = null;
            const rule = FORMAT_RULE[c.type];
            if (c.requiredDate) {
              error = true;
              addProblem(builder, 'error', line, c.name, raw, rule, `${c.name} is not ${FORMAT_WANTED[c.type]}; the By-Name List cannot place this record in time without it.`);
            } else if (c.deletedDate) {
              error = true;
              addProblem(builder, 'error', line, c.name, raw, rule, `DateDeleted is filled but is not ${FORMAT_WANTED[c.type]}, so whether the record was deleted is unknown; it is not loaded.`);
            } else {
              addProblem(builder, 'warning', line, c.name, raw, rule, `${c.name} is not ${FORMAT_WANTED[c.type]}; it is loaded as unknown.`);
            }
            continue;
          }
          row[j] = v;
          if (c.code !== null && !c.code.codes.has(v as number)) {
            addProblem(builder, 'warning', line, c.name, raw, 'unknown-code', `${v} is not a code of HUD list ${c.code.list}; it is loaded as it is.`);
          }
          if (c.parentIds !== null && !c.parentIds.has(v as string)) {
            addProblem(builder, 'warning', line, c.name, raw, 'orphan-reference', `No ${c.parent}.csv record has ${c.name} ${v}.`);
          }
        }
        const id = row[idIndex];
        if (!error && typeof id === 'string' && !ids.add(id)) {
          addProblem(builder, 'error', line, plan[idIndex].name, id, 'duplicate-id', `${plan[idIndex].name} ${id} appears earlier in the file; only the first record with an ID is loaded.`);
        }
        if (!builder.endRow()) continue;
        if (deleted >= 0 && row[deleted] !== null) report.rowsDeleted += 1;
        rows.push(row);
        lines.push(line);
        if (rows.length >= ctx.batchSize) await flush();
      }
      ctx.onProgress?.({ file: label, bytesRead, bytesTotal: ctx.source.size, rows: report.rowsRead });
    }
    await flush();
  } finally {
    await records.return(undefined);
  }
  if (plan === null) {
    report.status = 'empty';
    addProblem(builder, 'warning', 0, null, null, 'empty-file', `${label} holds no header line; it is read as holding no records.`);
  }
  return { report, ids };
}

function makePlan(spec: HmisFileSpec, positions: number[], parents: ReadonlyMap<HmisFileName, IdSet>): ColumnPlan[] {
  const names = spec.columns.map((c) => c.name);
  const refs = new Map(referencesOf(spec.name, names).map((r) => [r.column, r.parent]));
  const dates = new Set(REQUIRED_DATES[spec.name] ?? []);
  const codes = CODE_RULES[spec.name] ?? {};
  return spec.columns.map((c, j) => {
    const parent = refs.get(c.name) ?? null;
    const key = j === 0 || (KEY_COLUMNS.has(c.name) && !c.nullable);
    return {
      name: c.name,
      type: TYPE_CODE[c.type],
      field: positions[j],
      key,
      required: !c.nullable && !key,
      requiredDate: dates.has(c.name),
      deletedDate: c.name === 'DateDeleted',
      code: codes[c.name] ?? null,
      parent,
      parentIds: parent ? (parents.get(parent) ?? new IdSet(16)) : null,
    };
  });
}
