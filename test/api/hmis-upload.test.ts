import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { makeUser, signedIn, type Client, buildTestServer } from '../helpers/api.ts';
import { makeZip } from '../ingest/hmis/zip-writer.ts';
import type { Database } from '../../src/store/database.ts';
import { createCommunity } from '../../src/store/communities.ts';

const SAMPLE = fileURLToPath(new URL('../../../shared/data/hmis-sample-fy2024', import.meta.url));
const sampleEntries = () => readdirSync(SAMPLE).map((name) => ({ name, data: readFileSync(join(SAMPLE, name)) }));

const engine = engines[0];

describe('uploading an HMIS export through the API', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let steward: Client;
  let member: Client;

  const upload = (client: Client, body: Buffer, type = 'application/zip') => client.call('POST', '/api/communities/river/imports/hmis', body, { 'content-type': type });

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    const river = await createCommunity(db, 'river', 'River County');
    await makeUser(db, 'steward', [[river, 'data-steward']]);
    await makeUser(db, 'member', [[river, 'member']]);
    app = buildTestServer(db, { loading: null, loadError: null }, { maxUploadBytes: 30 * 1024 * 1024 });
    steward = await signedIn(app, 'steward');
    member = await signedIn(app, 'member');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('should import HUD’s FY2024 sample sent as a zip by a data steward, with its report', async () => {
    const r = await upload(steward, makeZip(sampleEntries()));
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.status).toBe('succeeded');
    const client = r.body.files.find((f: { file: string }) => f.file === 'Client.csv');
    expect([client.rowsRead, client.rowsLoaded]).toEqual([4146, 4146]);
    const audit = await db.query<{ action: string; actor: string }>("SELECT action, actor FROM audit_log WHERE action = 'import.hmis'");
    expect(audit).toEqual([{ action: 'import.hmis', actor: 'steward' }]);
    // The import history names the upload and who sent it, not the server's temporary file.
    const history = await steward.call('GET', '/api/communities/river/imports');
    expect(history.body[0].source).toBe('a zip uploaded by steward');
  }, 180_000);

  it('should refuse the upload to a member, and refuse hostile zips with one sentence that names no server path', async () => {
    expect((await upload(member, makeZip(sampleEntries()))).status).toBe(403);
    const climbing = await upload(steward, makeZip([...sampleEntries(), { name: '../../etc/cron.d/evil', data: 'x' }]));
    expect(climbing.status).toBe(400);
    expect(climbing.body.error).toMatch(/^the uploaded zip/);
    expect(climbing.body.error).not.toMatch(/zeroloop-upload-|\/tmp\//);
    const garbage = await upload(steward, Buffer.from('this is not a zip at all, just words'));
    expect(garbage.status).toBe(400);
    expect(garbage.body.error).not.toMatch(/zeroloop-upload-|\/tmp\//);
    const bomb = await upload(steward, makeZip([...sampleEntries(), { name: 'Services2.csv', data: 'x', declaredSize: 4_000_000_000 }]));
    expect(bomb.status).toBe(400);
    expect(bomb.body.error).toMatch(/more than/);
    const tooLarge = await upload(steward, Buffer.alloc(31 * 1024 * 1024, 1));
    expect([tooLarge.status, tooLarge.body.error]).toEqual([413, expect.stringMatching(/larger than 30 MB/)]);
    const json = await steward.call('POST', '/api/communities/river/imports/hmis', { file: 'x' });
    expect([json.status, json.body.error]).toEqual([400, 'Send the HMIS export as a zip file with Content-Type application/zip.']);
  }, 180_000);
});
