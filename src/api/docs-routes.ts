import type { FastifyInstance } from 'fastify';
import { renderApiReference } from '../web/api-reference.ts';
import { openApiDocument } from './openapi.ts';
import { html, NO_QUERY, object, STRING } from './schemas.ts';

/** The application's version, as in package.json. */
export const API_VERSION = '0.1.0';

/**
 * The API's own description: the OpenAPI document generated from the registered
 * routes' schemas, and the same rendered as a page. Public: it describes the API (whose
 * code is open source anyway) and holds no data; each route says who may call it.
 */
export function registerDocsRoutes(app: FastifyInstance): void {
  let document: Record<string, unknown> | null = null;
  let page: string | null = null;
  // Built once, on first request: every route is registered by then.
  const doc = () => (document ??= openApiDocument(app.apiRoutes, API_VERSION));

  app.get(
    '/api/openapi.json',
    {
      config: { access: 'public' },
      schema: {
        summary: 'This API described as an OpenAPI 3.1 document',
        tags: ['server'],
        querystring: NO_QUERY,
        response: {
          200: object({
            openapi: { const: '3.1.0' },
            info: object({ title: STRING, version: STRING, description: STRING, license: object({ name: STRING, identifier: STRING }) }),
            tags: { type: 'array', items: object({ name: STRING, description: STRING }) },
            paths: { type: 'object', additionalProperties: { type: 'object' } },
            components: { type: 'object' },
          }),
        },
      },
    },
    async (_req, reply) => reply.header('cache-control', 'no-cache').send(doc()),
  );

  app.get(
    '/api/docs',
    {
      config: { access: 'public' },
      schema: { summary: 'This API’s reference as a page: routes by group, with access, parameters and shapes', tags: ['server'], querystring: NO_QUERY, response: { 200: html('The reference.') } },
    },
    async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send((page ??= renderApiReference(doc()))),
  );
}
