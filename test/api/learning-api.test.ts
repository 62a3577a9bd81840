import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { makeUser, signedIn, type Client, buildTestServer } from '../helpers/api.ts';

const PERSONS = 'person_id,birth_date,veteran\nA,1970-01-01,yes\nB,1985-06-01,no\n';
// A: active 2024-01-05, housed 2024-02-10. B: active 2024-02-01. All: active 1 in January, 1 in February.
const HISTORY = 'person_id,date,status\nA,2024-01-05,active\nA,2024-02-10,housed\nB,2024-02-01,active\n';

const engine = engines[engines.length - 1];

describe(`the learning API on ${engine.name}`, () => {
  let app: FastifyInstance;
  let client: Client;
  let dispose: () => Promise<void>;
  const base = '/api/communities/river';

  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    const dir = mkdtempSync(join(tmpdir(), 'zl-api-'));
    writeFileSync(join(dir, 'persons.csv'), PERSONS);
    writeFileSync(join(dir, 'status-history.csv'), HISTORY);
    await importBnl(opened.db, { dir, community: 'river' });
    await makeUser(opened.db, 'coach', [[await resolveCommunity(opened.db, 'river'), 'member']]);
    app = buildTestServer(opened.db, { loading: null, loadError: null });
    client = await signedIn(app, 'coach');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) => client.call(method, url, payload, headers);

  it('should run a learning cycle end to end: measure, values, aim, driver diagram, two cycles, the adopted one a new phase on the chart', async () => {
    let r = await call('POST', `${base}/measures`, { slug: 'contacts', name: 'Outreach contacts', type: 'process', source: 'manual', description: 'Street outreach contacts', numerator: 'Contacts recorded', unit: 'contacts', improvement: 'up', chart: 'i', by: 'Dana' });
    expect(r.status).toBe(201);
    r = await call('PUT', `${base}/measures/contacts/values`, { by: 'Dana', values: ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'].map((period, i) => ({ period, value: [20, 22, 21, 30, 32, 31][i] })) });
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(6);

    r = await call('POST', `${base}/aims`, { statement: '30 contacts a month', measure: 'contacts', baseline_period: '2024-01', target_value: 30, target_date: '2024-12-31', by: 'Coach' });
    expect(r.status).toBe(201);
    const aimId = r.body.id;
    // 31 and 32 and 30 meet "30 or more": three periods, the default sustain length.
    expect(r.body.progress).toMatchObject({ status: 'sustained', periods_at_target: 3 });

    r = await call('POST', `${base}/driver-diagrams`, { title: 'Contacts', aim_id: aimId, by: 'Coach', nodes: [{ id: 'reach', kind: 'primary', label: 'Reach' }] });
    expect(r.status).toBe(201);
    const diagramId = r.body.id;
    expect((await call('PUT', `${base}/driver-diagrams/${diagramId}/nodes/night`, { kind: 'change_idea', label: 'Night shifts', serves: ['reach'], by: 'Coach' })).status).toBe(200);
    r = await call('GET', `${base}/driver-diagrams/${diagramId}`);
    expect(r.body.graph.edges).toEqual([{ from: 'reach', to: 'aim' }, { from: 'night', to: 'reach' }]);
    r = await call('GET', `${base}/driver-diagrams/${diagramId}/svg`);
    expect(r.type).toMatch(/^image\/svg\+xml/);
    expect(r.body).toContain('Night shifts');

    r = await call('POST', `${base}/pdsa`, { title: 'Night shift once a week', owner: 'Lee', objective: 'More contacts', start_date: '2024-02-05', measures: ['contacts'], change_idea: `${diagramId}:night`, by: 'Lee' });
    expect(r.status).toBe(201);
    const first = r.body.id;
    for (const step of [{ status: 'doing' }, { status: 'studying' }, { status: 'acting', act: { decision: 'adapt' } }, { status: 'completed', end_date: '2024-02-29' }])
      expect((await call('PATCH', `${base}/pdsa/${first}`, { ...step, by: 'Lee' })).status).toBe(200);
    r = await call('POST', `${base}/pdsa`, { title: 'Night shift twice a week', owner: 'Lee', objective: 'Scale', start_date: '2024-03-04', previous_id: first, measures: ['contacts'], by: 'Lee' });
    const second = r.body.id;
    for (const step of [{ status: 'doing' }, { status: 'studying' }, { status: 'acting', act: { decision: 'adopt', new_phase_from: '2024-04', new_phase_reason: 'Two night shifts a week from April' } }, { status: 'completed' }])
      expect((await call('PATCH', `${base}/pdsa/${second}`, { ...step, by: 'Lee' })).status).toBe(200);

    r = await call('GET', `${base}/measures/contacts/chart`);
    expect(r.status).toBe(200);
    // I chart per part. Part 1: mean (20 + 22 + 21) / 3 = 21, moving ranges 2 and 1, mean 1.5, limits 21 ± 2.66 × 1.5 = 17.01 and 24.99.
    expect(r.body.parts.map((p: { part: number; first: number; last: number }) => [p.part, p.first, p.last])).toEqual([[1, 1, 3], [2, 4, 6]]);
    expect(r.body.points[0].cl).toBeCloseTo(21, 10);
    expect(r.body.points[0].ucl).toBeCloseTo(24.99, 10);
    expect(r.body.points[3].cl).toBeCloseTo(31, 10);
    expect(r.body.annotations.map((a: { kind: string; period: string; pdsa_id: number }) => [a.kind, a.period, a.pdsa_id])).toEqual([
      ['pdsa', '2024-02', first],
      ['pdsa', '2024-03', second],
      ['phase', '2024-04', second],
    ]);
    r = await call('GET', `${base}/measures/contacts/chart?rules=ihi&chart=run`);
    expect([r.body.chart, r.body.rules]).toEqual(['run', 'ihi']);

    r = await call('GET', `${base}/pdsa?format=csv`);
    expect(r.type).toMatch(/^text\/csv/);
    expect(String(r.body).split('\n')[0]).toBe('id,title,status,owner,start_date,end_date,change_idea,measures,previous_id,objective,decision,learned,lived_experience');
  });

  it('should import values as CSV text and name the line of the first bad one', async () => {
    await call('POST', `${base}/measures`, { slug: 'beds', name: 'Beds', type: 'process', source: 'csv', description: 'Open beds', numerator: 'Beds', unit: 'beds', by: 'D' });
    let r = await call('POST', `${base}/measures/beds/values.csv`, 'period,value\n2024-01,5\n2024-02,6\n', { 'content-type': 'text/csv' });
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(2);
    r = await call('POST', `${base}/measures/beds/values.csv`, 'period,value\n2024-03,=cmd()\n', { 'content-type': 'text/csv' });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('the uploaded CSV, line 2, column value: "=cmd()" is not a number.');
    expect((await call('GET', `${base}/measures/beds/values`)).body).toHaveLength(2);
  });

  it('should answer bad requests with 400 or 404 and one clear sentence', async () => {
    const cases: [string, string, unknown, number, RegExp][] = [
      ['POST', `${base}/measures`, { source: 'bnl:nonsense', by: 'D' }, 400, /source.*expected manual, csv or bnl/],
      ['POST', `${base}/measures`, [1, 2], 400, /body must be object/],
      ['GET', `${base}/measures/NOT_A_SLUG`, undefined, 400, /Invalid request/],
      ['GET', `${base}/measures/missing`, undefined, 404, /no measure "missing"/],
      ['GET', `${base}/measures/missing/chart?rules=six-sigma`, undefined, 400, /Invalid request/],
      ['PATCH', `${base}/aims/0`, { by: 'x' }, 400, /Invalid request/],
      ['GET', `${base}/aims/999`, undefined, 404, /no aim 999/],
      ['GET', `${base}/pdsa?status=dreaming`, undefined, 400, /Invalid request/],
      ['POST', `${base}/pdsa`, { title: 'T', by: 'x' }, 400, /"owner" is required/],
      ['GET', '/api/communities/nowhere/measures', undefined, 404, /no community "nowhere"/],
      ['POST', `${base}/measures`, { source: 'manual', name: 'x', nme: 'typo' }, 400, /"nme" is not a field/],
      ['DELETE', `${base}/driver-diagrams/1/nodes/x`, undefined, 404, /Driver diagram 1 has no node "x"/],
    ];
    for (const [method, url, payload, status, message] of cases) {
      const r = await call(method as 'GET', url, payload);
      expect([url, r.status], JSON.stringify(r.body)).toEqual([url, status]);
      expect(r.body.error).toMatch(message);
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
