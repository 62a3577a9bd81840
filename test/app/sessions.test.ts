import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { makeUser, TEST_PASSWORD } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import { sessionPrincipal, signIn } from '../../src/app/auth/accounts.ts';
import { AccountStore } from '../../src/store/accounts.ts';
import { createCommunity, type Community } from '../../src/store/communities.ts';

const HOUR = 3_600_000;
const client = { ip: '127.0.0.1', userAgent: 'test' };

describe.each(engines)('a session read on every request ($name)', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let north: Community;
  let south: Community;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    north = await createCommunity(db, 'north', 'North');
    south = await createCommunity(db, 'south', 'South');
    await makeUser(db, 'ada', [
      [north, 'member'],
      [south, 'viewer'],
    ]);
    await makeUser(db, 'bo', []);
  });
  afterAll(() => dispose());

  it('should carry the user and each of their roles', async () => {
    const { token, csrfToken } = await signIn(db, 'ada', TEST_PASSWORD, client);
    const s = await sessionPrincipal(db, token);
    expect(s?.csrfToken).toBe(csrfToken);
    expect(s?.principal.kind).toBe('user');
    if (s?.principal.kind !== 'user') return;
    expect(s.principal.username).toBe('ada');
    expect([...s.principal.roles.entries()].sort()).toEqual(
      [
        [north.communityId, 'member'],
        [south.communityId, 'viewer'],
      ].sort(),
    );
  });

  it('should carry no roles for a user who has none', async () => {
    const { token } = await signIn(db, 'bo', TEST_PASSWORD, client);
    const s = await sessionPrincipal(db, token);
    expect(s?.principal.kind === 'user' && s.principal.roles.size).toBe(0);
  });

  it('should see a role change at the next request', async () => {
    const { token } = await signIn(db, 'ada', TEST_PASSWORD, client);
    const store = new AccountStore(db);
    const ada = (await store.userByName('ada'))!;
    await store.setRole(north.communityId, ada.user_id, 'admin');
    await store.setRole(south.communityId, ada.user_id, null);
    const s = await sessionPrincipal(db, token);
    expect(s?.principal.kind === 'user' && [...s.principal.roles.entries()]).toEqual([[north.communityId, 'admin']]);
  });

  it('should end when the user is disabled, and when idle for 12 hours', async () => {
    const store = new AccountStore(db);
    const bo = (await store.userByName('bo'))!;
    const signedInAt = new Date();
    const { token } = await signIn(db, 'bo', TEST_PASSWORD, client, signedInAt);
    expect(await sessionPrincipal(db, token, new Date(signedInAt.getTime() + 11 * HOUR))).not.toBeNull();
    const idle = await signIn(db, 'bo', TEST_PASSWORD, client, signedInAt);
    expect(await sessionPrincipal(db, idle.token, new Date(Date.now() + 12 * HOUR + 60_000))).toBeNull();
    await store.setDisabled(bo.user_id, true);
    expect(await sessionPrincipal(db, token)).toBeNull();
  });
});
