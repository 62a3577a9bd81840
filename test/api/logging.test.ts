import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { buildTestServer } from '../helpers/api.ts';
import { logLevelFrom, loggablePath } from '../../src/api/logging.ts';

describe('the structured request log', () => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  const lines: string[] = [];

  beforeAll(async () => {
    const opened = await engines[0].open();
    dispose = opened.dispose;
    app = buildTestServer(opened.db, { loading: null, loadError: null }, { log: { level: 'info', stream: { write: (l) => void lines.push(l) } } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('should write one JSON line per request and per response, tied by a request id, without secrets or person ids', async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/share/s3cr3t-token-value' });
    await app.inject({ method: 'GET', url: '/api/communities/demo/people/PERSON-42?q=Smith', headers: { cookie: 'zl_session=abc123' } });
    const entries = lines.map((l) => JSON.parse(l) as { reqId: string; msg: string; req?: { method: string; path: string }; res?: { statusCode: number }; responseTime?: number });
    const incoming = entries.filter((e) => e.msg === 'incoming request');
    const done = entries.filter((e) => e.msg === 'request completed');
    expect(incoming.map((e) => [e.req!.method, e.req!.path])).toEqual([
      ['GET', '/share/[token]'],
      ['GET', '/api/communities/demo/people/[person]?…'],
    ]);
    expect(done.map((e) => e.reqId)).toEqual(incoming.map((e) => e.reqId));
    expect(done.every((e) => typeof e.responseTime === 'number' && typeof e.res!.statusCode === 'number')).toBe(true);
    const all = lines.join('\n');
    for (const secret of ['s3cr3t', 'PERSON-42', 'Smith', 'abc123']) expect(all).not.toContain(secret);
  });

  it('should read ZEROLOOP_LOG as a level, or off', () => {
    expect([undefined, '', '1', 'debug', 'off', '0'].map(logLevelFrom)).toEqual(['info', 'info', 'info', 'debug', null, null]);
    expect(() => logLevelFrom('loud')).toThrow('ZEROLOOP_LOG is "loud": expected a level (error, warn, info, debug), or off.');
    expect(loggablePath('/api/communities/demo/metrics')).toBe('/api/communities/demo/metrics');
  });
});
