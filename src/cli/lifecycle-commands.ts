import type { Command } from 'commander';
import { resolve } from 'node:path';
import { resolveCommunity } from '../app/community.ts';
import { UserError } from '../app/errors.ts';
import { backupDatabase, POSTGRES_BACKUP_GUIDANCE, type Actor } from '../app/lifecycle/backup.ts';
import { restoreDatabase } from '../app/lifecycle/restore.ts';
import { exportCommunity } from '../app/lifecycle/export-community.ts';
import { purgeCommunity, purgePerson } from '../app/lifecycle/purge.ts';
import { withCommonOptions, write, type CommonFlags } from './common.ts';
import { defaultAuthor } from './learning-common.ts';
import { progressBar } from './progress-bar.ts';
import { storeOptions, withStore, type StoreFlags } from './session.ts';

const DATA_DIR_HELP = 'the embedded database folder (default: $ZEROLOOP_DATA_DIR or ./.zeroloop)';

function cliActor(): Actor {
  return { name: `cli:${defaultAuthor()}`, ip: 'cli' };
}

function embeddedOnly(): void {
  if (process.env.DATABASE_URL) throw new UserError(POSTGRES_BACKUP_GUIDANCE);
}

function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function rowsSummary(rows: Record<string, number>): string {
  const parts = Object.entries(rows).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** The data's lifecycle: backup, restore, export, purge. */
export function registerLifecycleCommands(program: Command): void {
  program
    .command('backup')
    .description('write a consistent copy of the embedded database to a .tar.gz file (owner-readable only)')
    .requiredOption('--out <file>', 'the backup file to write, e.g. zeroloop-2026-03-14.tar.gz')
    .option('--force', 'overwrite the file if it exists')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: StoreFlags & { out: string; force?: boolean }) => {
      embeddedOnly();
      const out = resolve(flags.out);
      const result = await withStore(flags, 'zeroloop backup', (store) => backupDatabase(store.db, { out, force: flags.force, actor: cliActor() }));
      write(
        `Backed up ${resolve(storeOptions(flags, '').dataDir)} to ${result.file}: ${bytes(result.bytes)} in ${(result.millis / 1000).toFixed(1)} s (restore it with zeroloop restore).\n` +
          'It holds person-level records: keep it as safe as the database itself.\n',
      );
    });

  program
    .command('restore <file>')
    .description('restore a backup made by `zeroloop backup` into the embedded database folder')
    .option('--replace', 'the folder already holds a database: move it aside (kept as <dir>.before-restore-<time>) and restore in its place')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (file: string, flags: StoreFlags & { replace?: boolean }) => {
      embeddedOnly();
      const dataDir = resolve(storeOptions(flags, '').dataDir);
      const r = await restoreDatabase({ file, dataDir, replace: flags.replace, actor: cliActor() });
      if (r.movedAside) write(`The database that was in ${r.dataDir} is now in ${r.movedAside} (use it with --data-dir, or delete it when you no longer need it).\n`);
      write(`Restored ${resolve(file)} into ${r.dataDir}: ${r.communities} ${r.communities === 1 ? 'community' : 'communities'}, schema version ${r.schemaVersion}.\n`);
    });

  withCommonOptions(program.command('export'))
    .description("write every row of a community, one CSV per table plus manifest.json (person-level data: for the community's admins)")
    .requiredOption('--out <dir>', 'a new or empty folder to write')
    .action(async (flags: CommonFlags & { out: string }) => {
      const m = await withStore(flags, 'zeroloop export', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        return exportCommunity(store.db, community, { outDir: flags.out, actor: cliActor() });
      });
      const rows = m.tables.reduce((n, t) => n + t.rows, 0);
      write(
        `Exported the community "${m.community.slug}" to ${m.outDir}: ${rows.toLocaleString('en-US')} rows in ${m.tables.length} tables (manifest.json lists them).\n` +
          'It holds person-level records: keep it as safe as the database itself.\n',
      );
    });

  const purge = program.command('purge').description("remove a person's records, or a whole community, for good");
  withCommonOptions(purge.command('person <person-id>'))
    .description("remove a person's records from every table at their request, and re-derive the figures without them")
    .requiredOption('--reason <text>', 'why (kept in the audit log, which never names the person)')
    .action(async (personId: string, flags: CommonFlags & { reason: string }) => {
      const bar = progressBar();
      const r = await withStore(flags, 'zeroloop purge person', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        return { community, ...(await purgePerson(store.db, community, personId, { reason: flags.reason, actor: cliActor(), onProgress: bar })) };
      }).finally(() => bar.done());
      const total = Object.values(r.rowsRemoved).reduce((a, b) => a + b, 0);
      write(
        `Purged the person from the community "${r.community.slug}": ${total.toLocaleString('en-US')} rows (${rowsSummary(r.rowsRemoved)}); figures re-derived for ${r.peopleAfter.toLocaleString('en-US')} ${r.peopleAfter === 1 ? 'person' : 'people'} on the list.\n` +
          'Backups made before now still hold their records.\n',
      );
    });

  purge
    .command('community <slug>')
    .description('delete a community and all its data (its audit-log entries are kept)')
    .requiredOption('--confirm <slug>', 'the same slug again, to confirm')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (slug: string, flags: StoreFlags & { confirm: string }) => {
      const r = await withStore(flags, 'zeroloop purge community', (store) => purgeCommunity(store.db, slug, { confirm: flags.confirm, actor: cliActor() }));
      const total = Object.values(r.rowsRemoved).reduce((a, b) => a + b, 0);
      write(`Purged the community "${r.slug}" (id ${r.communityId}): ${total.toLocaleString('en-US')} rows (${rowsSummary(r.rowsRemoved)}). Backups made before now still hold it.\n`);
    });
}
