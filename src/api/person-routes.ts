import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { ImportLog } from '../store/imports.ts';
import { personRef, recordAudit } from '../store/audit-log.ts';
import { personTimeline } from '../app/person.ts';
import { UserError } from '../app/errors.ts';
import { actorName } from './access-control.ts';

const SLUG = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;

/**
 * Person-level data: one person's timeline with its provenance, and the import
 * reports (whose problem examples quote rows). Data stewards and admins only; every
 * view of a person is in the audit log, naming the person only by a keyed reference.
 */
export function registerPersonRoutes(app: FastifyInstance, db: Database): void {
  const base = '/api/communities/:slug';
  const personLevel = { access: 'person-level' as const };

  app.get<{ Params: { slug: string; person: string } }>(
    `${base}/people/:person`,
    { config: personLevel, schema: { params: { type: 'object', properties: { slug: SLUG, person: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f]+$' } }, required: ['slug', 'person'] } } },
    async (req) => {
      const c = req.community!;
      const view = await personTimeline(db, c, req.params.person);
      await recordAudit(db, { communityId: c.communityId, actor: actorName(req.principal), action: 'person.view', target: await personRef(db, c.communityId, req.params.person), ip: req.ip });
      return view;
    },
  );

  app.get(`${base}/imports`, { config: personLevel, schema: { params: { type: 'object', properties: { slug: SLUG }, required: ['slug'] } } }, async (req) =>
    (await new ImportLog(db, req.community!.communityId).list()).map(({ report: _r, ...run }) => run),
  );

  app.get<{ Params: { slug: string; id: number } }>(
    `${base}/imports/:id`,
    { config: personLevel, schema: { params: { type: 'object', properties: { slug: SLUG, id: { type: 'integer', minimum: 1 } }, required: ['slug', 'id'] } } },
    async (req) => {
      const run = await new ImportLog(db, req.community!.communityId).get(req.params.id);
      if (!run) throw new UserError(`There is no import ${req.params.id}.`, 'not-found');
      return run;
    },
  );
}
