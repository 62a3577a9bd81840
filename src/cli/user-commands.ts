import type { Command } from 'commander';
import { AccountStore } from '../store/accounts.ts';
import { listCommunities } from '../store/communities.ts';
import { readAudit, recordAudit } from '../store/audit-log.ts';
import { UserError } from '../app/errors.ts';
import { resolveCommunity } from '../app/community.ts';
import { addUser, createShareLink, resetPassword, revokeShareLink, setUserRole } from '../app/auth/accounts.ts';
import { withCommonOptions, write, type CommonFlags } from './common.ts';
import { parseFormat, toCsv, toTable } from './output.ts';
import { withStore } from './session.ts';
import { cliActor, idArgument } from './learning-common.ts';
import { parseIntOption } from './common.ts';

const actor = () => ({ name: cliActor(), ip: 'cli' });

/**
 * `zeroloop user`, `zeroloop share-link` and `zeroloop audit`: the operator's tools.
 * Whoever can run these can read the database's folder anyway; the web app's admins
 * do the same through the API.
 */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('accounts and their roles in communities');

  withCommonOptions(user.command('add <username>'))
    .description('add an account with a one-time password (shown once); with --role, a role in the community')
    .option('--name <display name>', 'the name shown in the app')
    .option('--role <role>', 'admin, data-steward, member or viewer in --community (or the only community)')
    .action(async (username: string, flags: CommonFlags & { name?: string; role?: string }) => {
      const created = await withStore(flags, 'zeroloop user add', async (store) => {
        const community = flags.role !== undefined ? await resolveCommunity(store.db, flags.community) : undefined;
        return addUser(store.db, { username, displayName: flags.name, community, role: flags.role }, actor());
      });
      write(`Added "${created.username}". One-time password (shown only now; they choose their own at first sign-in):\n  ${created.password}\n`);
    });

  withCommonOptions(user.command('reset <username>'))
    .description('give an account a new one-time password, end its sessions and lift a lock')
    .action(async (username: string, flags: CommonFlags) => {
      const r = await withStore(flags, 'zeroloop user reset', (store) => resetPassword(store.db, username, actor()));
      write(`New one-time password for "${r.username}" (shown only now; they choose their own at the next sign-in):\n  ${r.password}\n`);
    });

  withCommonOptions(user.command('role <username> <role>'))
    .description('set an account’s role in the community: admin, data-steward, member, viewer, or none to remove it')
    .action(async (username: string, role: string, flags: CommonFlags) => {
      await withStore(flags, 'zeroloop user role', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        await setUserRole(store.db, community, username, role === 'none' ? null : role, actor());
      });
      write(role === 'none' ? `"${username}" no longer has a role here.\n` : `"${username}" is now ${role}.\n`);
    });

  withCommonOptions(user.command('disable <username>'))
    .description('stop an account from signing in (its sessions end); `enable` undoes it')
    .action(async (username: string, flags: CommonFlags) => setDisabled(flags, username, true));
  withCommonOptions(user.command('enable <username>'))
    .description('let a disabled account sign in again')
    .action(async (username: string, flags: CommonFlags) => setDisabled(flags, username, false));

  withCommonOptions(user.command('list'))
    .description('accounts, their roles and whether they are locked')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const rows = await withStore(flags, 'zeroloop user list', async (store) => {
        const accounts = new AccountStore(store.db);
        const communities = new Map((await listCommunities(store.db)).map((c) => [c.communityId, c.slug]));
        const out = [];
        for (const u of await accounts.users()) {
          const roles = await accounts.roles(u.user_id);
          out.push({
            username: u.username,
            name: u.display_name,
            roles: [...roles].map(([c, r]) => `${communities.get(c)}:${r}`).join(' '),
            disabled: u.disabled,
            locked_until: u.locked_until && new Date(u.locked_until) > new Date() ? u.locked_until : null,
            must_change_password: u.must_change_password,
          });
        }
        return out;
      });
      if (format === 'json') write(JSON.stringify(rows, null, 2) + '\n');
      else write(format === 'csv' ? toCsv(rows) : toTable(rows));
    });

  const link = program.command('share-link').description('public read-only links to a community’s aggregates');
  withCommonOptions(link.command('add'))
    .description('create a link (shown once) that opens the community’s dashboard without an account')
    .requiredOption('--label <text>', 'who it is for, e.g. "City council briefing"')
    .option('--days <n>', 'days until it expires (1–365)', '30')
    .action(async (flags: CommonFlags & { label: string; days: string }) => {
      const days = parseIntOption('--days', flags.days, 1, 365)!;
      const created = await withStore(flags, 'zeroloop share-link add', async (store) =>
        createShareLink(store.db, await resolveCommunity(store.db, flags.community), flags.label, days, actor()),
      );
      write(`Share link ${created.id} (expires ${created.expires_at.slice(0, 10)}; shown only now):\n  /share/${created.token}\nPut the server's address in front, e.g. https://zeroloop.example.org/share/${created.token}\n`);
    });
  withCommonOptions(link.command('list'))
    .description('the community’s share links')
    .action(async (flags: CommonFlags) => {
      const links = await withStore(flags, 'zeroloop share-link list', async (store) =>
        new AccountStore(store.db).shareLinks((await resolveCommunity(store.db, flags.community)).communityId),
      );
      write(toTable(links.map((l) => ({ id: l.link_id, label: l.label, created_by: l.created_by, created: l.created_at.slice(0, 10), expires: l.expires_at.slice(0, 10), revoked: l.revoked_at?.slice(0, 10) ?? null }))));
    });
  withCommonOptions(link.command('revoke <id>'))
    .description('revoke a share link at once')
    .action(async (id: string, flags: CommonFlags) => {
      await withStore(flags, 'zeroloop share-link revoke', async (store) =>
        revokeShareLink(store.db, await resolveCommunity(store.db, flags.community), idArgument('<id>', id), actor()),
      );
      write(`Share link ${id} is revoked.\n`);
    });

  withCommonOptions(program.command('audit'))
    .description('the community’s audit log: who did what, when, from where (newest first)')
    .option('--limit <n>', 'how many entries', '200')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (flags: CommonFlags & { limit: string; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const limit = parseIntOption('--limit', flags.limit, 1, 10_000)!;
      const entries = await withStore(flags, 'zeroloop audit', async (store) => readAudit(store.db, (await resolveCommunity(store.db, flags.community)).communityId, { limit }));
      if (format === 'json') write(JSON.stringify(entries, null, 2) + '\n');
      else {
        const rows = entries.map((e) => ({ at: e.at.replace('T', ' ').slice(0, 19), actor: e.actor, action: e.action, target: e.target, from: e.ip, detail: JSON.stringify(e.detail) }));
        write(format === 'csv' ? toCsv(rows) : toTable(rows));
      }
    });
}

async function setDisabled(flags: CommonFlags, username: string, disabled: boolean): Promise<void> {
  await withStore(flags, `zeroloop user ${disabled ? 'disable' : 'enable'}`, async (store) => {
    const accounts = new AccountStore(store.db);
    const u = await accounts.userByName(username);
    if (!u) throw new UserError(`There is no user "${username}".`, 'not-found');
    await accounts.setDisabled(u.user_id, disabled);
    if (disabled) await accounts.removeSessionsOf(u.user_id);
    await recordAudit(store.db, { communityId: null, actor: cliActor(), action: disabled ? 'user.disable' : 'user.enable', target: `user:${u.username}`, ip: 'cli' });
  });
  write(`"${username}" is ${disabled ? 'disabled' : 'enabled'}.\n`);
}
