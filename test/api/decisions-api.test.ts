import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import type { Database } from '../../src/store/database.ts';
import { buildTestServer, makeUser, signedIn, type Client } from '../helpers/api.ts';

const engine = engines[engines.length - 1];

describe(`the decision log API on ${engine.name}`, () => {
  let app: FastifyInstance;
  let db: Database;
  let member: Client;
  let viewer: Client;
  let dispose: () => Promise<void>;
  const base = '/api/communities/river';

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    const dir = mkdtempSync(join(tmpdir(), 'zl-decisions-'));
    writeFileSync(join(dir, 'persons.csv'), 'person_id,birth_date,veteran\nA,1970-01-01,yes\n');
    writeFileSync(join(dir, 'status-history.csv'), 'person_id,date,status\nA,2024-01-05,active\n');
    await importBnl(db, { dir, community: 'river' });
    const river = await resolveCommunity(db, 'river');
    await makeUser(db, 'coach', [[river, 'member']]);
    await makeUser(db, 'reader', [[river, 'viewer']]);
    app = buildTestServer(db);
    member = await signedIn(app, 'coach');
    viewer = await signedIn(app, 'reader');
    let r = await member.call('POST', `${base}/measures`, { slug: 'contacts', name: 'Outreach contacts', type: 'process', source: 'manual', description: 'd', numerator: 'n', unit: 'contacts', by: 'x' });
    expect(r.status).toBe(201);
    r = await member.call('PUT', `${base}/measures/contacts/values`, { by: 'x', values: ['2024-01', '2024-02', '2024-03', '2024-04'].map((period, i) => ({ period, value: [20, 22, 21, 30][i] })) });
    expect(r.status).toBe(200);
    r = await member.call('POST', `${base}/pdsa`, { title: 'Night shift', owner: 'Lee', objective: 'More contacts', start_date: '2024-02-05', measures: ['contacts'], by: 'x' });
    expect(r.status).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('should record a decision with who made it, show it on its measure’s chart, and keep the recorder whatever the body says', async () => {
    let r = await member.call('POST', `${base}/decisions`, {
      title: 'Fund night outreach for a year',
      decided_on: '2024-03-12',
      decided_by: 'CoC board',
      participants: [{ name: 'Ana', role: 'chair' }, { name: 'Sam', lived_experience: true }],
      rationale: 'Two cycles raised contacts; the board weighed it against a second shelter site.',
      evidence: 'Contacts chart, January to March',
      measures: ['contacts'],
      pdsa_id: 1,
      revisit_on: '2024-09-01',
      by: 'someone else',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: 1,
      decided_by: 'CoC board',
      participants: [{ name: 'Ana', role: 'chair', lived_experience: false }, { name: 'Sam', role: null, lived_experience: true }],
      measures: ['contacts'],
      pdsa_id: 1,
      created_by: 'coach',
    });

    r = await member.call('GET', `${base}/measures/contacts/chart`);
    expect(r.body.annotations.map((a: { kind: string; period: string; decision_id: number | null }) => [a.kind, a.period, a.decision_id])).toEqual([
      ['pdsa', '2024-02', null],
      ['decision', '2024-03', 1],
    ]);

    // A correction keeps what it does not name; the audit log says who changed it.
    r = await member.call('PATCH', `${base}/decisions/1`, { revisit_on: null, by: 'x' });
    expect([r.status, r.body.revisit_on, r.body.title]).toEqual([200, null, 'Fund night outreach for a year']);
    // Recorded before the response was sent: there as soon as the client has its answer.
    const audit = await db.query<{ action: string; actor: string }>("SELECT action, actor FROM audit_log WHERE action LIKE 'decision.%' ORDER BY entry_id");
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['decision.create', 'coach'],
      ['decision.update', 'coach'],
    ]);
  });

  it('should let a viewer read the log, filtered and as CSV, but not write to it', async () => {
    await member.call('POST', `${base}/decisions`, { title: 'Keep the weekly huddle', decided_on: '2024-01-20', decided_by: 'Coach', rationale: 'It works', by: 'x' });
    let r = await viewer.call('GET', `${base}/decisions`);
    // Oldest decision first.
    expect(r.body.map((d: { title: string }) => d.title)).toEqual(['Keep the weekly huddle', 'Fund night outreach for a year']);
    r = await viewer.call('GET', `${base}/decisions?measure=contacts`);
    expect(r.body.map((d: { id: number }) => d.id)).toEqual([1]);
    r = await viewer.call('GET', `${base}/decisions?pdsa=1`);
    expect(r.body.map((d: { id: number }) => d.id)).toEqual([1]);
    r = await viewer.call('GET', `${base}/decisions?format=csv`);
    const [header, first] = String(r.body).split('\n');
    expect(header).toBe('id,decided_on,title,decided_by,participants,lived_experience,rationale,evidence,measures,pdsa_id,revisit_on,recorded_by');
    expect(first).toBe('2,2024-01-20,Keep the weekly huddle,Coach,,false,It works,,,,,coach');
    r = await viewer.call('POST', `${base}/decisions`, { title: 'T', decided_on: '2024-01-01', decided_by: 'X', rationale: 'R' });
    expect(r.status).toBe(403);
  });

  it('should refuse bad decisions with one clear sentence and change nothing', async () => {
    const before = (await member.call('GET', `${base}/decisions`)).body.length;
    const cases: [string, string, unknown, number, RegExp][] = [
      ['POST', `${base}/decisions`, { title: 'T', decided_by: 'X', rationale: 'R', by: 'x' }, 400, /"decided_on" is required/],
      ['POST', `${base}/decisions`, { title: 'T', decided_on: '2024-13-01', decided_by: 'X', rationale: 'R', by: 'x' }, 400, /decided_on "2024-13-01" is not a date: expected YYYY-MM-DD/],
      ['POST', `${base}/decisions`, { title: 'T', decided_on: '2024-01-01', decided_by: 'X', rationale: 'R', measures: ['nope'], by: 'x' }, 404, /no measure "nope"/],
      ['POST', `${base}/decisions`, { title: 'T', decided_on: '2024-01-01', decided_by: 'X', rationale: 'R', pdsa_id: 9, by: 'x' }, 400, /"pdsa_id" is 9, and there is no such PDSA cycle/],
      ['POST', `${base}/decisions`, { title: 'T', decided_on: '2024-01-01', decided_by: 'X', rationale: 'R', decidedby: 'typo', by: 'x' }, 400, /"decidedby" is not a field of the decision/],
      ['POST', `${base}/decisions`, [1], 400, /body must be object/],
      ['PATCH', `${base}/decisions/99`, { title: 'x', by: 'x' }, 404, /There is no decision 99/],
      ['PATCH', `${base}/decisions/1`, { decided_by: ' ', by: 'x' }, 400, /"decided_by" is required: expected text/],
      ['GET', `${base}/decisions/0`, undefined, 400, /Invalid request/],
      ['GET', `${base}/decisions?pdsa=7`, undefined, 404, /There is no PDSA cycle 7/],
      ['GET', `${base}/decisions?measure=Bad_Slug`, undefined, 400, /Invalid request/],
    ];
    for (const [method, url, payload, status, message] of cases) {
      const r = await member.call(method as 'GET', url, payload);
      expect([url, r.status], JSON.stringify(r.body)).toEqual([url, status]);
      expect(r.body.error).toMatch(message);
    }
    expect((await member.call('GET', `${base}/decisions`)).body).toHaveLength(before);
    expect((await member.call('GET', `${base}/decisions/1`)).body.decided_by).toBe('CoC board');
  });
});
