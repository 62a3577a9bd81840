import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/store/database.ts';
import { buildServer, type ServerOptions, type ServerState } from '../../src/api/server.ts';
import type { Community } from '../../src/store/communities.ts';
import { AccountStore } from '../../src/store/accounts.ts';
import { hashPassword } from '../../src/app/auth/passwords.ts';
import type { Role } from '../../src/domain/auth/access.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Client {
  call(method: Method, url: string, payload?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; type: string; headers: Record<string, unknown> }>;
}

/** Servers built for tests, whose responses test/helpers/response-check.ts checks after every test. */
export const testServers = new Set<FastifyInstance>();

/**
 * The API server as the tests use it: every response is checked against its route's
 * response schema (a mismatch is a 500 saying why, and fails the test that caused it).
 */
export function buildTestServer(db: Database, state: ServerState = { loading: null, loadError: null }, options: ServerOptions = {}): FastifyInstance {
  const app = buildServer(db, state, { ...options, validateResponses: true });
  testServers.add(app);
  app.addHook('onClose', async () => {
    testServers.delete(app);
  });
  return app;
}

let cachedHash: Promise<string> | null = null;

/** An account with a known password and the given roles (scrypt once per test file). */
export async function makeUser(db: Database, username: string, roles: [Community, Role][]): Promise<void> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const store = new AccountStore(db);
  const id = await store.addUser(username, username, await cachedHash, false);
  for (const [c, r] of roles) await store.setRole(c.communityId, id, r);
}

/** A client that sends no credentials. */
export function anonymous(app: FastifyInstance, extraHeaders: Record<string, string> = {}): Client {
  return {
    async call(method, url, payload, headers = {}) {
      const res = await app.inject({ method, url, payload: payload as never, headers: { ...extraHeaders, ...headers } });
      const type = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, body: type.includes('json') ? res.json() : res.body, type, headers: res.headers };
    },
  };
}

/** A client signed in as `username`, sending its session cookie and CSRF token like the web app does. */
export async function signedIn(app: FastifyInstance, username: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = String(([] as string[]).concat(res.headers['set-cookie'] as string[])[0]).split(';')[0];
  const csrf = res.json().csrf_token as string;
  return anonymous(app, { cookie, 'x-csrf-token': csrf });
}
