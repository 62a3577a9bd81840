import type { FastifyInstance } from 'fastify';
import type { Database } from '../store/database.ts';
import { recordAudit } from '../store/audit-log.ts';
import { BnlRepository } from '../store/bnl-repository.ts';
import { listLocalities, listPeople } from '../store/people-list.ts';
import { communityPopulations } from '../app/populations.ts';
import { UserError } from '../app/errors.ts';
import type { Status } from '../domain/bnl/types.ts';
import { actorName } from './access-control.ts';
import { arrayOf, INTEGER, NULLABLE_BOOLEAN, NULLABLE_STRING, object, pathParams, SLUG, STRING, STRINGS } from './schemas.ts';
export const MAX_PAGE_SIZE = 200;

const PERSON_ROW = object({
  person_id: STRING,
  status: { type: 'string', enum: ['active', 'housed', 'inactive'], description: 'The person’s status in the population.' },
  latest_change: { ...STRING, description: 'The day the current status began.' },
  locality: NULLABLE_STRING,
  veteran: NULLABLE_BOOLEAN,
  household_id: NULLABLE_STRING,
});
const DEFAULT_PAGE_SIZE = 50;

interface PeopleQuery {
  population?: string;
  status?: Status;
  locality?: string;
  q?: string;
  page?: number;
  page_size?: number;
}

/**
 * The By-Name List itself: the people on a community's list, each with their
 * current status in one population. Person-level (data stewards and admins); every
 * request is in the audit log as `person.list`, with its filters but no person id
 * (an id search is recorded only as having been made).
 */
export function registerPeopleRoutes(app: FastifyInstance, db: Database): void {
  // The localities offered as a filter change only when the list does, and every change
  // of the list is followed by a derivation: kept per community and derivation.
  const localities = new Map<number, { derivedAt: string | null; list: Promise<string[]> }>();
  const localitiesOf = (communityId: number, derivedAt: string | null) => {
    let known = localities.get(communityId);
    if (!known || known.derivedAt !== derivedAt) {
      known = { derivedAt, list: listLocalities(db, communityId) };
      known.list.catch(() => localities.delete(communityId));
      localities.set(communityId, known);
    }
    return known.list;
  };

  app.get<{ Params: { slug: string }; Querystring: PeopleQuery }>(
    '/api/communities/:slug/people',
    {
      config: { access: 'person-level' },
      schema: {
        summary: 'The people on the By-Name List, with their status in one population, a page at a time',
        tags: ['people'],
        params: pathParams(),
        response: {
          200: object({
            population: object({ slug: STRING, name: STRING, counts: { type: 'string', enum: ['people', 'households'] } }),
            as_of: NULLABLE_STRING,
            filters: object({ status: { type: ['string', 'null'], enum: ['active', 'housed', 'inactive', null] }, locality: NULLABLE_STRING, q: NULLABLE_STRING }),
            page: INTEGER,
            page_size: INTEGER,
            total: INTEGER,
            pages: INTEGER,
            people: arrayOf(PERSON_ROW),
            localities: { ...STRINGS, description: 'The localities offered as a filter.' },
          }),
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            population: SLUG,
            status: { type: 'string', enum: ['active', 'housed', 'inactive'] },
            locality: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' },
            q: { type: 'string', maxLength: 64, pattern: '^[^\\u0000-\\u001f]*$' },
            page: { type: 'integer', minimum: 1, maximum: 1_000_000 },
            page_size: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
          },
        },
      },
    },
    async (req) => {
      const c = req.community!;
      const q = req.query;
      const populations = await communityPopulations(db, c.communityId);
      const population = populations.find((p) => p.slug === (q.population ?? 'all'));
      if (!population) throw new UserError(`There is no population "${q.population}" in ${c.slug}.`, 'not-found');
      const page = q.page ?? 1;
      const pageSize = q.page_size ?? DEFAULT_PAGE_SIZE;
      const idPrefix = q.q?.trim() || null;
      const derivation = await new BnlRepository(db, c.communityId).derivation();
      const { total, rows } = await listPeople(db, c.communityId, { population: population.slug, status: q.status ?? null, locality: q.locality ?? null, idPrefix, page, pageSize });
      const choices = await localitiesOf(c.communityId, derivation?.derivedAt ?? null);
      await recordAudit(db, {
        communityId: c.communityId,
        actor: actorName(req.principal),
        action: 'person.list',
        target: `population:${population.slug}`,
        // The filters, never an id: a searched id is recorded only as a search having been made.
        detail: { status: q.status ?? null, locality: q.locality ?? null, id_search: idPrefix !== null, page, page_size: pageSize, total, shown: rows.length },
        ip: req.ip,
      });
      return {
        population: { slug: population.slug, name: population.name, counts: population.countsHouseholds ? 'households' : 'people' },
        as_of: derivation?.asOf ?? null,
        filters: { status: q.status ?? null, locality: q.locality ?? null, q: idPrefix },
        page,
        page_size: pageSize,
        total,
        pages: Math.max(1, Math.ceil(total / pageSize)),
        people: rows,
        localities: choices,
      };
    },
  );
}
