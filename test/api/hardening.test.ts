import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { anonymous, makeUser, signedIn, TEST_PASSWORD, type Client, buildTestServer } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import type { Community } from '../../src/store/communities.ts';
import { createCommunity } from '../../src/store/communities.ts';
import { ensureFirstAdmin, resetPassword, sessionPrincipal, signIn, IDLE_HOURS } from '../../src/app/auth/accounts.ts';
import { hashPassword, verifyPassword, passwordProblem } from '../../src/app/auth/passwords.ts';

const engine = engines[0];

describe('hardening', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let river: Community;
  let member: Client;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    river = await createCommunity(db, 'river', 'River County');
    await makeUser(db, 'member', [[river, 'member']]);
    await makeUser(db, 'admin', [[river, 'admin']]);
    await makeUser(db, 'locked', [[river, 'viewer']]);
    app = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 1000, signInPerMinute: 1000 });
    member = await signedIn(app, 'member');
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('should answer malformed, oversized and unexpected input with 400 or 413 and one sentence, never a stack trace', async () => {
    await member.call('POST', '/api/communities/river/pdsa', { title: 'T', owner: 'O', objective: 'X', start_date: '2024-01-01' });
    const cases = [
      await member.call('POST', '/api/communities/river/measures', '{"name": ', { 'content-type': 'application/json' }),
      await member.call('POST', '/api/communities/river/measures', { name: 'x'.repeat(2 * 1024 * 1024) }),
      await member.call('GET', '/api/communities/river/pdsa?status=planning&drop=table'),
      await member.call('GET', '/api/communities/river/measures/..%2f..%2fetc%2fpasswd'),
      await member.call('GET', '/api/communities/river/aims/1e9999'),
      await member.call('PATCH', '/api/communities/river/pdsa/1', { status: { $ne: null } }),
      await member.call('POST', '/api/communities/river/measures', { source: 'manual', name: 'n', type: 'process', description: 'd', numerator: 'n', unit: 'u', target: 'NaN' }),
    ];
    expect(cases.map((c) => c.status)).toEqual([400, 413, 400, 400, 400, 400, 400]);
    for (const c of cases) {
      expect(typeof c.body.error).toBe('string');
      expect(c.body.error.split(/(?<=\.)\s/).length).toBeLessThanOrEqual(2);
      expect(JSON.stringify(c.body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
    }
  });

  it('should neutralise spreadsheet formulas in every CSV export', async () => {
    const evil = '=HYPERLINK("http://evil.example","click")';
    await member.call('POST', '/api/communities/river/measures', { slug: 'evil', name: evil, type: 'process', source: 'manual', description: '+cmd|calc', numerator: '-1+1', unit: '@SUM(A1)', by: 'x' });
    await member.call('PUT', '/api/communities/river/measures/evil/values', { values: [{ period: '2024-01', value: 1, note: '=1+1' }] });
    await member.call('POST', '/api/communities/river/pdsa', { title: '@evil', owner: '=owner', objective: '-objective', start_date: '2024-01-01' });
    const admin = await signedIn(app, 'admin');
    const exports = [
      (await member.call('GET', '/api/communities/river/measures?format=csv')).body,
      (await member.call('GET', '/api/communities/river/measures/evil/values?format=csv')).body,
      (await member.call('GET', '/api/communities/river/pdsa?format=csv')).body,
      (await admin.call('GET', '/api/communities/river/audit?format=csv')).body,
    ] as string[];
    for (const csv of exports) {
      const cells = csv.trim().split('\n').slice(1).flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)/g) ?? []);
      for (const cell of cells) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(exports[0]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });

  it('should send security headers on pages and the API', async () => {
    for (const url of ['/login', '/api/health', '/static/app.css']) {
      const r = await anonymous(app).call('GET', url);
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('should set the session cookie HttpOnly and SameSite=Lax, and Secure behind HTTPS', async () => {
    const plain = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'member', password: TEST_PASSWORD } });
    const cookie = String(([] as string[]).concat(plain.headers['set-cookie'] as string[])[0]);
    expect(cookie).toMatch(/^zl_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const proxied = buildTestServer(db, { loading: null, loadError: null }, { trustProxy: true });
    const tls = await proxied.inject({ method: 'POST', url: '/api/session', payload: { username: 'member', password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    expect(String(([] as string[]).concat(tls.headers['set-cookie'] as string[])[0])).toMatch(/; Secure$/);
    await proxied.close();
  });

  it('should limit sign-in attempts per address and expensive requests per client', async () => {
    const tight = buildTestServer(db, { loading: null, loadError: null }, { signInPerMinute: 3, expensivePerMinute: 2 });
    const tries = [];
    for (let i = 0; i < 4; i++) tries.push((await tight.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody', password: 'wrong password!' } })).statusCode);
    expect(tries).toEqual([401, 401, 401, 429]);
    const loose = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 2 });
    const m = await signedIn(loose, 'member');
    const figures = [];
    for (let i = 0; i < 3; i++) figures.push((await m.call('GET', '/api/communities/river/metrics')).status);
    expect(figures).toEqual([200, 200, 429]);
    await tight.close();
    await loose.close();
  });

  it('should lock an account after five failed sign-ins in a row, and let an admin reset it', async () => {
    const now = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++) await expect(signIn(db, 'locked', 'not the password', { ip: '10.0.0.1', userAgent: null }, now)).rejects.toThrow('The username or password is not right.');
    // Even the right password is refused while locked, with a different status.
    await expect(signIn(db, 'locked', TEST_PASSWORD, { ip: '10.0.0.1', userAgent: null }, new Date(now.getTime() + 60_000))).rejects.toMatchObject({ locked: true });
    // Fifteen minutes later it opens again.
    const later = await signIn(db, 'locked', TEST_PASSWORD, { ip: '10.0.0.1', userAgent: null }, new Date(now.getTime() + 16 * 60_000));
    expect(later.mustChangePassword).toBe(false);
    const { password } = await resetPassword(db, 'locked', { name: 'admin', ip: null }, river);
    await expect(signIn(db, 'locked', TEST_PASSWORD, { ip: null, userAgent: null })).rejects.toThrow();
    const fresh = await signIn(db, 'locked', password, { ip: null, userAgent: null });
    expect(fresh.mustChangePassword).toBe(true);
    const failures = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.sign-in-failed' AND actor = 'locked'");
    expect(failures[0].n).toBeGreaterThanOrEqual(6);
  });

  it('should make a person with a reset password choose a new one before anything else', async () => {
    await makeUser(db, 'resetme', [[river, 'member']]);
    const { password } = await resetPassword(db, 'resetme', { name: 'admin', ip: null });
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'resetme', password } });
    const cookie = String(([] as string[]).concat(res.headers['set-cookie'] as string[])[0]).split(';')[0];
    const csrf = res.json().csrf_token;
    const client = anonymous(app, { cookie, 'x-csrf-token': csrf });
    expect((await client.call('GET', '/api/communities/river/measures')).status).toBe(403);
    expect((await client.call('POST', '/api/me/password', { current_password: password, new_password: 'short' })).body.error).toMatch(/at least 12 characters/);
    expect((await client.call('POST', '/api/me/password', { current_password: password, new_password: 'a much longer passphrase' })).status).toBe(204);
    expect((await client.call('GET', '/api/communities/river/measures')).status).toBe(200);
  });

  it('should end a session after idle hours, and every session on “sign out everywhere”', async () => {
    const s = await signIn(db, 'member', TEST_PASSWORD, { ip: null, userAgent: null });
    expect(await sessionPrincipal(db, s.token)).not.toBeNull();
    expect(await sessionPrincipal(db, s.token, new Date(Date.now() + (IDLE_HOURS + 1) * 3_600_000))).toBeNull();
    const a = await signedIn(app, 'member');
    const b = await signedIn(app, 'member');
    expect((await a.call('POST', '/api/session/sign-out-everywhere')).status).toBe(200);
    expect((await b.call('GET', '/api/me')).status).toBe(401);
    member = await signedIn(app, 'member');
  });

  it('should keep the audit log append-only in the database itself', async () => {
    await expect(db.query("UPDATE audit_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('should hash passwords with scrypt and a salt, and refuse weak ones', async () => {
    const h1 = await hashPassword('a long enough passphrase');
    const h2 = await hashPassword('a long enough passphrase');
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword('a long enough passphrase', h1)).toBe(true);
    expect(await verifyPassword('a long enough passphrasf', h1)).toBe(false);
    expect(await verifyPassword('anything', 'plaintext')).toBe(false);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'x')).toMatch(/repeated/);
    expect(passwordProblem('my name is member!', 'member')).toMatch(/username/);
  });

  it('should create the first admin once, with a random password, and never a default one', async () => {
    const { db: empty, dispose: close } = await engine.open();
    try {
      await createCommunity(empty, 'lake', 'Lake');
      const first = await ensureFirstAdmin(empty);
      expect(first?.username).toBe('admin');
      expect(first!.password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(await ensureFirstAdmin(empty)).toBeNull();
      const roles = await empty.query<{ role: string }>('SELECT role FROM membership');
      expect(roles).toEqual([{ role: 'admin' }]);
      const other = await ensureFirstAdmin(db);
      expect(other).toBeNull();
    } finally {
      await close();
    }
  });
});
