import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installDefaultResponses, installPlainSerializer, installResponseValidation } from '../../src/api/response-validation.ts';
import { object, STRING, INTEGER } from '../../src/api/schemas.ts';

/** A server with the API's schema machinery and routes that answer as told. */
async function server() {
  const app = Fastify();
  installPlainSerializer(app);
  installDefaultResponses(app);
  installResponseValidation(app);
  const schema: { response: Record<string, unknown> } = { response: { 200: object({ name: STRING, count: INTEGER }) } };
  app.get('/right', { schema }, async () => ({ name: 'a', count: 1 }));
  app.get('/extra', { schema }, async () => ({ name: 'a', count: 1, secret: 'x' }));
  app.get('/wrong-type', { schema }, async () => ({ name: 'a', count: '1' }));
  app.get('/missing', { schema }, async () => ({ name: 'a' }));
  app.get('/undeclared-status', { schema }, async (_req, reply) => reply.code(201).send({ name: 'a', count: 1 }));
  app.get('/refusal', { schema }, async (_req, reply) => reply.code(404).send({ error: 'There is nothing here.' }));
  app.get('/bad-refusal', { schema }, async (_req, reply) => reply.code(404).send({ message: 'nothing' }));
  app.get('/csv', { schema }, async (_req, reply) => reply.type('text/csv').send('a,b\n'));
  await app.ready();
  return app;
}

describe('response validation', () => {
  it('should let a response that matches its schema through unchanged', async () => {
    const app = await server();
    const r = await app.inject('/right');
    expect([r.statusCode, r.json()]).toEqual([200, { name: 'a', count: 1 }]);
    const refusal = await app.inject('/refusal');
    expect([refusal.statusCode, refusal.json()]).toEqual([404, { error: 'There is nothing here.' }]);
    expect(app.responseViolations).toEqual([]);
    await app.close();
  });

  it('should answer with a 500 saying why, and record it, when a response does not match', async () => {
    const app = await server();
    for (const [url, why] of [
      ['/extra', /must NOT have additional properties/],
      ['/wrong-type', /count must be integer/],
      ['/missing', /must have required property 'count'/],
      ['/undeclared-status', /declares no response for status 201/],
      ['/bad-refusal', /must have required property 'error'/],
      ['/csv', /sent text\/csv for status 200, which the route does not declare/],
    ] as const) {
      const r = await app.inject(url);
      expect([url, r.statusCode]).toEqual([url, 500]);
      expect(r.json().error).toMatch(why);
    }
    expect(app.responseViolations).toHaveLength(6);
    await app.close();
  });

  it('should never drop or coerce what a route sends, whatever its schema says', async () => {
    // Without validation, as in production: the schema documents, the serializer does not strip.
    const app = Fastify();
    installPlainSerializer(app);
    installDefaultResponses(app);
    app.get('/extra', { schema: { response: { 200: object({ name: STRING, count: INTEGER }) } } }, async () => ({ name: 'a', count: '1', secret: 'kept' }));
    const r = await app.inject('/extra');
    expect(r.json()).toEqual({ name: 'a', count: '1', secret: 'kept' });
    await app.close();
  });
});
