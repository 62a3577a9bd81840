/**
 * JSON Schema pieces shared by the API's routes: path and query values, the error
 * body, and the shapes that more than one route answers with (monthly figures,
 * functional-zero status, charts, import reports). Each route's own schema sits next
 * to the route and is built from these.
 *
 * The schemas document the API (GET /api/openapi.json, GET /api/docs) and validate
 * requests; response schemas are checked against real responses in the API tests
 * (src/api/response-validation.ts) but never change what is sent: the server's
 * serializer ignores them (docs/adr/0006-api-schemas.md).
 */
import { CHART_TYPES, RULE_SETS } from '../domain/spc/types.ts';
import { PDSA_DECISIONS, PDSA_STATUSES } from '../domain/learning/types.ts';

export type Schema = Record<string, unknown>;

declare module 'fastify' {
  interface FastifySchema {
    /** One line: what the route does (the OpenAPI operation's summary). */
    summary?: string;
    /** More about it, when one line is not enough. */
    description?: string;
    /** The group it is listed under in the API reference. */
    tags?: string[];
  }
  interface FastifyContextConfig {
    /**
     * A request body that is not JSON (a zip, a form, CSV text), by media type: read by the
     * route itself, so documented here rather than validated by a body schema.
     */
    requestContent?: Record<string, Record<string, unknown>>;
  }
}

// ---------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------

/**
 * An object whose properties are all required (except those named in `optional`) and
 * which has no others: the fixed shapes the API answers with.
 */
export function object(properties: Record<string, Schema>, options: { optional?: string[]; description?: string } = {}): Schema {
  const optional = new Set(options.optional ?? []);
  return {
    type: 'object',
    ...(options.description ? { description: options.description } : {}),
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.has(k)),
    properties,
  };
}

export const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
export const arrayOf = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });

// ---------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------

export const STRING = { type: 'string' } as const;
export const INTEGER = { type: 'integer' } as const;
export const NUMBER = { type: 'number' } as const;
export const BOOLEAN = { type: 'boolean' } as const;
export const NULLABLE_STRING = { type: ['string', 'null'] } as const;
export const NULLABLE_INTEGER = { type: ['integer', 'null'] } as const;
export const NULLABLE_NUMBER = { type: ['number', 'null'] } as const;
export const NULLABLE_BOOLEAN = { type: ['boolean', 'null'] } as const;
export const STRINGS = { type: 'array', items: { type: 'string' } } as const;
export const INTEGERS = { type: 'array', items: { type: 'integer' } } as const;

export const SLUG = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'A slug: lower-case letters, digits and hyphens.' } as const;
export const MONTH = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A month, YYYY-MM.' } as const;
export const ID = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
/** A measure's period: a month (YYYY-MM), a quarter (YYYY-Q1) or a week (YYYY-W05). */
export const PERIOD = { type: 'string', pattern: '^\\d{4}-(\\d{2}|Q[1-4]|W\\d{2})$', description: 'A period: YYYY-MM, YYYY-Qn or YYYY-Wnn.' } as const;
export const NODE_ID = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$' } as const;
export const USERNAME = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{1,63}$' } as const;
/** A date or time as ISO 8601 text. */
export const TIMESTAMP = { type: 'string', minLength: 10, description: 'An ISO 8601 date and time.' } as const;
export const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A day, YYYY-MM-DD.' } as const;
export const ROLE = { type: 'string', enum: ['admin', 'data-steward', 'member', 'viewer'] } as const;

/** Path parameters: the community's slug and any others, all required. */
export const pathParams = (props: Record<string, Schema> = {}): Schema => ({ type: 'object', properties: { slug: SLUG, ...props }, required: ['slug', ...Object.keys(props)] });

/** A route that takes no query parameters: unknown ones are refused with a 400 that names them. */
export const NO_QUERY = { type: 'object', additionalProperties: false, properties: {} } as const;

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

/** Every refusal and failure: one sentence saying what went wrong and, where it can, what to do. */
export const ERROR = object({ error: { type: 'string', minLength: 1 } }, { description: 'What went wrong, in one sentence.' });
export const NO_CONTENT = { type: 'null', description: 'Done; nothing to send back.' } as const;
export const REDIRECT = { type: 'null', description: 'A redirect (303 See Other): the Location header says where to.' } as const;
export const NOT_MODIFIED = { type: 'null', description: 'Not modified: the copy named by If-None-Match is still current.' } as const;

/** A response in a media type other than JSON. */
export const media = (type: string, description: string): Schema => ({ description, content: { [type]: { schema: { type: 'string' } } } });
export const html = (description: string): Schema => media('text/html', description);

/** JSON, or CSV with ?format=csv. */
export const jsonOrCsv = (schema: Schema, description: string): Schema => ({
  description,
  content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string', description: 'The same rows as CSV, with a header line.' } } },
});

// ---------------------------------------------------------------------------------------
// Shapes answered by several routes
// ---------------------------------------------------------------------------------------

const SUPPRESSED = { ...STRINGS, description: 'The fields hidden from this reader because they are, or would reveal, small counts.' };

/** One population's figures in one month (docs/definitions.md); counts are null where hidden from this reader. */
export const MONTHLY_FIGURES = object(
  {
    month: MONTH,
    population: STRING,
    actively_homeless: NULLABLE_INTEGER,
    newly_identified: NULLABLE_INTEGER,
    returned_from_housing: NULLABLE_INTEGER,
    returned_from_inactive: NULLABLE_INTEGER,
    housing_placements: NULLABLE_INTEGER,
    moved_to_inactive: NULLABLE_INTEGER,
    no_longer_meets_criteria: NULLABLE_INTEGER,
    avg_days_to_housing: NULLABLE_NUMBER,
    balanced: BOOLEAN,
    suppressed: SUPPRESSED,
  },
  { optional: ['suppressed'], description: 'A population’s figures in one month; `suppressed` is present for readers who do not see small counts.' },
);

/** A population's functional-zero status, judged at its latest month. */
export const FUNCTIONAL_ZERO = object(
  {
    population: STRING,
    month: MONTH,
    actively_homeless: NULLABLE_INTEGER,
    threshold: NUMBER,
    threshold_basis: STRING,
    reached: BOOLEAN,
    distance: NULLABLE_NUMBER,
    months_sustained: INTEGER,
    change_6_months: NULLABLE_INTEGER,
    trend: { type: 'string', enum: ['falling', 'rising', 'flat', 'unknown'] },
    criteria: arrayOf(object({ criterion: STRING, met: BOOLEAN, explanation: STRING })),
    suppressed: SUPPRESSED,
  },
  { optional: ['suppressed'] },
);

const CLASSIFICATION = { type: ['string', 'null'], enum: ['improvement', 'concern', 'neutral', null] } as const;
const NHS_SUMMARY = nullable(
  object({
    variation: { type: 'string', enum: ['common_cause', 'improvement_high', 'improvement_low', 'concern_high', 'concern_low', 'neutral_high', 'neutral_low'] },
    assurance: { type: ['string', 'null'], enum: ['always_meets', 'never_meets', 'inconsistent', null] },
    point: NULLABLE_INTEGER,
  }),
);

const SPC_POINT = object({
  point: INTEGER,
  x: { type: ['string', 'number'] },
  y: NULLABLE_NUMBER,
  cl: NULLABLE_NUMBER,
  lcl: NULLABLE_NUMBER,
  ucl: NULLABLE_NUMBER,
  sigma: NULLABLE_NUMBER,
  part: INTEGER,
  sigma_signal: BOOLEAN,
  runs_signal: BOOLEAN,
  excluded: BOOLEAN,
  baseline: BOOLEAN,
  numerator: NULLABLE_NUMBER,
  n: NULLABLE_NUMBER,
  astronomical: BOOLEAN,
  signals: STRINGS,
  classification: CLASSIFICATION,
});

const SPC_PART = object({
  part: INTEGER,
  first: INTEGER,
  last: INTEGER,
  cl: NULLABLE_NUMBER,
  n_obs: INTEGER,
  n_useful: NULLABLE_INTEGER,
  longest_run: NULLABLE_INTEGER,
  longest_run_max: NULLABLE_INTEGER,
  n_crossings: NULLABLE_INTEGER,
  n_crossings_min: NULLABLE_INTEGER,
  runs_signal: BOOLEAN,
  sigma_signal: BOOLEAN,
  n_baseline: INTEGER,
  n_runs: NULLABLE_INTEGER,
  runs_min: NULLABLE_INTEGER,
  runs_max: NULLABLE_INTEGER,
  mr_mean: NULLABLE_NUMBER,
  mr_screened: { type: 'array', items: NUMBER },
  sigma_z: NULLABLE_NUMBER,
  nhs: NHS_SUMMARY,
});

const SPC_SIGNAL = object({ point: INTEGER, part: INTEGER, rule: STRING, message: STRING, classification: CLASSIFICATION, from: INTEGER, to: INTEGER });

export const MEASURE_PHASE = object({ starts: PERIOD, reason: STRING, pdsa_id: NULLABLE_INTEGER, created_by: STRING, created_at: TIMESTAMP });

const ANNOTATION = object({
  period: STRING,
  until: NULLABLE_STRING,
  kind: { type: 'string', enum: ['pdsa', 'phase', 'decision'] },
  pdsa_id: NULLABLE_INTEGER,
  decision_id: { ...NULLABLE_INTEGER, description: 'The decision in the decision log, for kind "decision".' },
  label: STRING,
  status: { type: ['string', 'null'], enum: [...PDSA_STATUSES, null] },
  decision: { type: ['string', 'null'], enum: [...PDSA_DECISIONS, null] },
});

/**
 * A run or control chart of a measure or of a population's figure, in the SPC contract's
 * terms (docs/spc.md). For readers who do not see small counts, a chart with any small
 * value has every value withheld and `suppressed` says why.
 */
export const CHART = object({
  measure: object({
    slug: STRING,
    version: INTEGER,
    name: STRING,
    type: STRING,
    population: NULLABLE_STRING,
    frequency: STRING,
    unit: STRING,
    improvement: { type: ['string', 'null'], enum: ['up', 'down', null] },
    target: NULLABLE_NUMBER,
  }),
  chart: { type: 'string', enum: [...CHART_TYPES] },
  rules: { type: 'string', enum: [...RULE_SETS] },
  freeze: NULLABLE_INTEGER,
  screen: BOOLEAN,
  points: arrayOf(SPC_POINT),
  parts: arrayOf(SPC_PART),
  signals: arrayOf(SPC_SIGNAL),
  nhs: NHS_SUMMARY,
  phases: arrayOf({ ...MEASURE_PHASE, required: [...(MEASURE_PHASE.required as string[]), 'first_point'], properties: { ...(MEASURE_PHASE.properties as Schema), first_point: INTEGER } }),
  annotations: arrayOf(ANNOTATION),
  suppressed: { ...NULLABLE_STRING, description: 'Why the values are withheld from this reader, or null.' },
});

const FILE_REPORT = {
  type: 'object',
  required: ['file', 'rowsRead', 'rowsLoaded', 'rowsRejected', 'rowsWarned', 'problemCounts', 'problems'],
  properties: {
    file: STRING,
    rowsRead: INTEGER,
    rowsLoaded: INTEGER,
    rowsRejected: INTEGER,
    rowsWarned: INTEGER,
    problemCounts: { type: 'object', additionalProperties: INTEGER },
    problems: arrayOf({ type: 'object' }, 'The first few problems of each rule, with file, line and rule.'),
  },
} as const;

/**
 * What an import reports about itself (rows read, loaded, rejected and warned per file,
 * problems by file, line and rule). An HMIS import adds sections of its own.
 */
export const IMPORT_REPORT = {
  type: 'object',
  required: ['importId', 'community', 'status', 'summary', 'format', 'files', 'merged', 'derivation', 'rejectsFile'],
  properties: {
    importId: INTEGER,
    community: STRING,
    status: { type: 'string', enum: ['succeeded', 'failed'] },
    summary: STRING,
    format: {},
    files: arrayOf(FILE_REPORT),
    merged: nullable({ type: 'object' }),
    derivation: nullable({ type: 'object' }),
    rejectsFile: NULLABLE_STRING,
  },
} as const;

/** An import that was refused (all or nothing): why, and its report. */
export const IMPORT_REJECTED = object({ error: STRING, report: IMPORT_REPORT }, { description: 'The import was refused: nothing was loaded. The report says which rows and why.' });

/** One run in a community's import history. */
export const IMPORT_RUN = object({
  importId: INTEGER,
  kind: STRING,
  source: STRING,
  status: { type: 'string', enum: ['running', 'succeeded', 'failed'] },
  startedAt: TIMESTAMP,
  finishedAt: nullable(TIMESTAMP),
  summary: NULLABLE_STRING,
});

/** Default responses every route may give: refusals (400–429) and server failures. */
export const DEFAULT_RESPONSES = { '4xx': ERROR, '5xx': ERROR } as const;
