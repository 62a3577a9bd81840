import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { importHmis } from '../app/import-hmis.ts';
import { importBnl } from '../app/import-bnl.ts';
import { PERSONS_FILE } from '../ingest/bnl/persons.ts';
import { STATUS_HISTORY_FILE } from '../ingest/bnl/status.ts';
import { ImportRejectedError } from '../app/recorded-import.ts';
import { InputError } from '../ingest/problems.ts';
import { actorName, HttpError } from './access-control.ts';
import type { Database } from '../store/database.ts';
import { ImportLog } from '../store/imports.ts';
import { personRef, recordAudit } from '../store/audit-log.ts';
import { personTimeline } from '../app/person.ts';
import { UserError } from '../app/errors.ts';
import {
  arrayOf,
  BOOLEAN,
  ERROR,
  ID,
  IMPORT_REJECTED,
  IMPORT_REPORT,
  IMPORT_RUN,
  INTEGER,
  NO_QUERY,
  nullable,
  NULLABLE_BOOLEAN,
  NULLABLE_INTEGER,
  NULLABLE_STRING,
  object,
  pathParams,
  STRING,
  STRINGS,
} from './schemas.ts';

const PROVENANCE = object({ source: { ...STRING, description: 'The file the record came from.' }, record: { ...STRING, description: 'Its line or record id.' }, provider: NULLABLE_STRING });
const POPULATION_STATUS = { type: 'string', enum: ['active', 'housed', 'inactive', 'absent'] } as const;
const PERSON_TIMELINE = object({
  person_id: STRING,
  as_of: STRING,
  attributes: object({
    birth_date: NULLABLE_STRING,
    veteran: NULLABLE_BOOLEAN,
    chronic_since: NULLABLE_STRING,
    household_id: NULLABLE_STRING,
    head_of_household: BOOLEAN,
    race: STRINGS,
    gender: NULLABLE_STRING,
    locality: NULLABLE_STRING,
  }),
  status_changes: arrayOf(object({ date: STRING, status: { type: 'string', enum: ['active', 'housed', 'inactive'] }, reason: NULLABLE_STRING, source: PROVENANCE })),
  populations: arrayOf(
    object({
      population: STRING,
      current_status: POPULATION_STATUS,
      events: arrayOf(
        object({ date: STRING, from: POPULATION_STATUS, to: POPULATION_STATUS, counts_as: NULLABLE_STRING, days_to_housing: NULLABLE_INTEGER, source: nullable(PROVENANCE) }),
      ),
    }),
  ),
});
/** Import responses: the report, a refusal with its report, or a sentence. */
const IMPORT_RESPONSES = { 200: IMPORT_REPORT, 422: IMPORT_REJECTED, '4xx': ERROR } as const;

/**
 * Person-level data: one person's timeline with its provenance, and the import
 * reports (whose problem examples quote rows). Data stewards and admins only; every
 * view of a person is in the audit log, naming the person only by a keyed reference.
 */
export function registerPersonRoutes(app: FastifyInstance, db: Database, options: { maxUploadBytes?: number } = {}): void {
  const maxUpload = options.maxUploadBytes ?? Number(process.env.ZEROLOOP_MAX_UPLOAD_BYTES ?? 8 * 1024 ** 3);
  // A zip arrives as a stream and goes to a private temporary file, never into memory.
  app.addContentTypeParser(['application/zip', 'application/x-zip-compressed'], (_req, payload, done) => done(null, payload));
  // By-Name List files arrive as a form with two files (what a browser sends); parsed in the route, within its limit.
  app.addContentTypeParser('multipart/form-data', (_req, payload, done) => done(null, payload));
  const maxBnlUpload = Math.min(maxUpload, 1024 ** 3);

  const base = '/api/communities/:slug';
  const personLevel = { access: 'person-level' as const };

  app.get<{ Params: { slug: string; person: string } }>(
    `${base}/people/:person`,
    {
      config: personLevel,
      schema: {
        summary: 'One person’s timeline: recorded status changes and, per population, the derived events, each with its source',
        tags: ['people'],
        params: pathParams({ person: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f]+$' } }),
        querystring: NO_QUERY,
        response: { 200: PERSON_TIMELINE },
      },
    },
    async (req) => {
      const c = req.community!;
      const view = await personTimeline(db, c, req.params.person);
      await recordAudit(db, { communityId: c.communityId, actor: actorName(req.principal), action: 'person.view', target: await personRef(db, c.communityId, req.params.person), ip: req.ip });
      return view;
    },
  );

  app.post<{ Params: { slug: string } }>(
    `${base}/imports/hmis`,
    {
      config: { access: 'person-level', audit: 'import.hmis', requestContent: { 'application/zip': { type: 'string', format: 'binary', description: 'A HUD HMIS CSV export (FY2024 or FY2026) as a zip.' } } },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        summary: 'Import an HMIS CSV export (a zip); later exports merge by HMIS IDs',
        tags: ['imports'],
        params: pathParams(),
        querystring: NO_QUERY,
        response: IMPORT_RESPONSES,
      },
    },
    async (req, reply) => {
      const body = req.body as Readable | undefined;
      if (!body || typeof (body as Readable).pipe !== 'function') throw new UserError('Send the HMIS export as a zip file with Content-Type application/zip.');
      const dir = mkdtempSync(join(tmpdir(), 'zeroloop-upload-'));
      const file = join(dir, 'export.zip');
      try {
        let received = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _enc, next) {
            received += chunk.length;
            if (received > maxUpload) next(new HttpError(413, `The upload is larger than ${Math.round(maxUpload / 1024 ** 2).toLocaleString('en-US')} MB, the limit set by ZEROLOOP_MAX_UPLOAD_BYTES.`));
            else next(null, chunk);
          },
        });
        await pipeline(body, limit, createWriteStream(file, { mode: 0o600 }));
        if (received === 0) throw new UserError('The upload is empty: send the HMIS export as a zip file.');
        try {
          const report = await importHmis(db, { source: file, sourceName: `a zip uploaded by ${actorName(req.principal)}`, community: req.community!.slug });
          return report;
        } catch (e) {
          // Messages name the uploaded file, not where the server kept it.
          if (e instanceof ImportRejectedError) return reply.code(422).send({ error: e.message.split(file).join('the uploaded zip'), report: e.report });
          if (e instanceof InputError || e instanceof UserError) throw new UserError(e.message.split(file).join('the uploaded zip'));
          throw e;
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.post<{ Params: { slug: string }; Querystring: { replace?: boolean } }>(
    `${base}/imports/bnl`,
    {
      config: {
        access: 'person-level',
        audit: 'import.bnl',
        requestContent: {
          'multipart/form-data': {
            type: 'object',
            required: ['persons', 'status_history'],
            properties: { persons: { type: 'string', format: 'binary', description: PERSONS_FILE }, status_history: { type: 'string', format: 'binary', description: STATUS_HISTORY_FILE } },
          },
        },
      },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        summary: 'Import the By-Name List files (a form with persons and status_history); all or nothing',
        tags: ['imports'],
        params: pathParams(),
        response: IMPORT_RESPONSES,
        querystring: { type: 'object', additionalProperties: false, properties: { replace: { type: 'boolean' } } },
      },
    },
    async (req, reply) => {
      const body = req.body as Readable | undefined;
      const type = String(req.headers['content-type'] ?? '');
      if (!body || typeof (body as Readable).pipe !== 'function' || !type.startsWith('multipart/form-data'))
        throw new UserError(`Send the By-Name List as a multipart/form-data form with the files "persons" (${PERSONS_FILE}) and "status_history" (${STATUS_HISTORY_FILE}).`);
      const form = await readForm(body, type, maxBnlUpload);
      const fields = new Set<string>();
      form.forEach((_value, key) => fields.add(key));
      const unknown = [...fields].filter((k) => k !== 'persons' && k !== 'status_history');
      if (unknown.length > 0) throw new UserError(`The form has fields this import does not take (${unknown.join(', ')}); send only "persons" and "status_history".`);
      const dir = mkdtempSync(join(tmpdir(), 'zeroloop-upload-'));
      try {
        for (const [field, name] of [['persons', PERSONS_FILE], ['status_history', STATUS_HISTORY_FILE]] as const) {
          const file = form.get(field);
          if (file === null || typeof file === 'string') throw new UserError(`The form has no file "${field}": send ${name} in it.`);
          writeFileSync(join(dir, name), Buffer.from(await file.arrayBuffer()), { mode: 0o600 });
        }
        const hide = (message: string) => message.split(`${dir}/`).join('').split(dir).join('the uploaded files');
        try {
          return await importBnl(db, { dir, sourceName: `files uploaded by ${actorName(req.principal)}`, community: req.community!.slug, replace: req.query.replace ?? false });
        } catch (e) {
          if (e instanceof ImportRejectedError) return reply.code(422).send({ error: hide(e.message), report: e.report });
          if (e instanceof InputError || e instanceof UserError) throw new UserError(hide(e.message));
          throw e;
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.get(
    `${base}/imports`,
    {
      config: personLevel,
      schema: { summary: 'The community’s imports, newest first, without their reports', tags: ['imports'], params: pathParams(), querystring: NO_QUERY, response: { 200: arrayOf(IMPORT_RUN) } },
    },
    async (req) =>
      (await new ImportLog(db, req.community!.communityId).list()).map(({ report: _r, ...run }) => run),
  );

  app.get<{ Params: { slug: string; id: number } }>(
    `${base}/imports/:id`,
    // A report's problem examples quote rows of the export: reading one is a person-level view.
    {
      config: { access: 'person-level', audit: 'import.report-view' },
      schema: {
        summary: 'One import with its report (rows read, loaded, rejected; problems by file, line and rule)',
        tags: ['imports'],
        params: pathParams({ id: ID }),
        querystring: NO_QUERY,
        response: { 200: { ...IMPORT_RUN, required: [...(IMPORT_RUN.required as string[]), 'report'], properties: { ...(IMPORT_RUN.properties as object), report: nullable({ type: 'object' }) } } },
      },
    },
    async (req) => {
      const run = await new ImportLog(db, req.community!.communityId).get(req.params.id);
      if (!run) throw new UserError(`There is no import ${req.params.id}.`, 'not-found');
      return run;
    },
  );
}

/**
 * Reads a multipart form within `limit` bytes, with the platform's own parser (the
 * Fetch API's Response.formData). By-Name List files are small next to an HMIS export,
 * so the form is held in memory; the limit keeps that bounded.
 */
async function readForm(body: Readable, contentType: string, limit: number): Promise<FormData> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) {
      body.destroy();
      throw new HttpError(413, `The upload is larger than ${Math.round(limit / 1024 ** 2).toLocaleString('en-US')} MB, the most a By-Name List upload may be.`);
    }
    chunks.push(chunk);
  }
  try {
    return await new Response(Buffer.concat(chunks), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new UserError('The upload is not a readable multipart/form-data form: send the files "persons" and "status_history" as a browser form does.');
  }
}
