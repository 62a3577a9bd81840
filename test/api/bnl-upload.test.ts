import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { makeUser, signedIn, type Client, buildTestServer } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import { createCommunity } from '../../src/store/communities.ts';

const PERSONS = 'person_id,birth_date,veteran\nA,1970-01-01,yes\nB,1985-06-01,no\n';
const HISTORY = 'person_id,date,status\nA,2024-01-05,active\nA,2024-02-10,housed\nB,2024-02-01,active\n';

/** A multipart body as a browser's FormData sends it, built by the platform's own encoder. */
async function form(files: Record<string, string>): Promise<{ body: Buffer; type: string }> {
  const data = new FormData();
  for (const [field, text] of Object.entries(files)) data.append(field, new Blob([text], { type: 'text/csv' }), `${field}.csv`);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { body: Buffer.from(await request.arrayBuffer()), type: request.headers.get('content-type')! };
}

describe('uploading By-Name List files through the API', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let steward: Client;
  let member: Client;

  const upload = async (client: Client, files: Record<string, string>, query = '', community = 'lake') => {
    const { body, type } = await form(files);
    return client.call('POST', `/api/communities/${community}/imports/bnl${query}`, body, { 'content-type': type });
  };
  const february = async () => {
    const rows = (await steward.call('GET', '/api/communities/lake/metrics?population=all')).body as { month: string; actively_homeless: number }[];
    return rows.find((r) => r.month === '2024-02')?.actively_homeless;
  };

  beforeAll(async () => {
    ({ db, dispose } = await engines[0].open());
    const lake = await createCommunity(db, 'lake', 'Lake Town');
    await makeUser(db, 'steward', [[lake, 'data-steward']]);
    await makeUser(db, 'member', [[lake, 'member']]);
    app = buildTestServer(db, { loading: null, loadError: null }, { maxUploadBytes: 64 * 1024 });
    steward = await signedIn(app, 'steward');
    member = await signedIn(app, 'member');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('should import the two files sent as a form by a data steward and name the upload in the history', async () => {
    const r = await upload(steward, { persons: PERSONS, status_history: HISTORY });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.status).toBe('succeeded');
    // A is housed on 10 February and B active from 1 February: one person at February's end.
    expect(await february()).toBe(1);
    const history = await steward.call('GET', '/api/communities/lake/imports');
    expect(history.body[0].source).toBe('files uploaded by steward');
  });

  it('should remove people the files no longer hold only when asked to replace the list', async () => {
    const onlyA = { persons: 'person_id,birth_date,veteran\nA,1970-01-01,yes\n', status_history: 'person_id,date,status\nA,2024-01-05,active\nA,2024-02-10,housed\n' };
    expect((await upload(steward, onlyA)).status).toBe(200);
    expect(await february()).toBe(1); // B is kept
    expect((await upload(steward, onlyA, '?replace=true')).status).toBe(200);
    expect(await february()).toBe(0); // B is gone
  });

  it('should refuse members, incomplete or unexpected forms, bad files and oversized uploads, changing nothing', async () => {
    expect((await upload(member, { persons: PERSONS, status_history: HISTORY })).status).toBe(403);
    const before = await february();

    const missing = await upload(steward, { persons: PERSONS });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('The form has no file "status_history": send status-history.csv in it.');

    const extra = await upload(steward, { persons: PERSONS, status_history: HISTORY, notes: 'x' });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatch(/fields this import does not take \(notes\)/);

    const badHeader = await upload(steward, { persons: 'who,when\nA,2024-01-01\n', status_history: HISTORY });
    expect(badHeader.status).toBeGreaterThanOrEqual(400);
    expect(badHeader.body.error).toMatch(/persons\.csv/);
    expect(badHeader.body.error).not.toMatch(/zeroloop-upload|\/tmp\//);

    const notForm = await steward.call('POST', '/api/communities/lake/imports/bnl', PERSONS, { 'content-type': 'text/csv' });
    expect(notForm.status).toBe(400);

    const big = await upload(steward, { persons: PERSONS + 'x'.repeat(70 * 1024), status_history: HISTORY });
    expect(big.status).toBe(413);

    expect(await february()).toBe(before);
  });
});
