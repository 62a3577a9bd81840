import { Command } from 'commander';
import { openStore } from '../store/open-store.ts';
import { listCommunities } from '../store/communities.ts';
import type { ServerState } from '../api/server.ts';
import { parseIntOption } from './common.ts';
import { UserError } from '../app/errors.ts';
import { storeOptions } from './session.ts';
import { logLevelFrom } from '../api/logging.ts';

/** `zeroloop serve` (what `npm start` runs): the web app and API on one port. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the web app and API (PORT and HOST override; loads a demo city into an empty database)')
    .option('--data-dir <dir>', 'the embedded database folder (default: $ZEROLOOP_DATA_DIR or ./.zeroloop)')
    .option('--port <n>', 'port (default: $PORT or 3000)')
    .option('--host <address>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--no-demo', 'do not load the demo community into an empty database')
    .action(async (flags: { dataDir?: string; port?: string; host?: string; demo: boolean }) => {
      const port = parseIntOption('--port', flags.port ?? process.env.PORT ?? '3000', 0, 65535)!;
      const host = flags.host ?? process.env.HOST ?? '127.0.0.1';
      let logLevel: string | null;
      try {
        logLevel = logLevelFrom(process.env.ZEROLOOP_LOG);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      const { buildServer } = await import('../api/server.ts'); // the web stack loads only for `serve`
      const { loadDemo } = await import('../app/demo.ts');
      const store = await openStore(storeOptions(flags, 'zeroloop serve'));
      const { ensureFirstAdmin, adoptCommunity } = await import('../app/auth/accounts.ts');
      const state: ServerState = { loading: null, loadError: null };
      const app = buildServer(store.db, state, {
        trustProxy: process.env.ZEROLOOP_TRUST_PROXY === '1',
        log: logLevel === null ? undefined : { level: logLevel },
        expensivePerMinute: parseIntOption('ZEROLOOP_EXPENSIVE_PER_MINUTE', process.env.ZEROLOOP_EXPENSIVE_PER_MINUTE || undefined, 1, 100_000_000),
        responseCacheBytes: cacheMegabytes(parseIntOption('ZEROLOOP_RESPONSE_CACHE_MB', process.env.ZEROLOOP_RESPONSE_CACHE_MB || undefined, 0, 65_536)),
      });
      // No default password: the first start makes an admin and shows its password once.
      const firstAdmin = await ensureFirstAdmin(store.db);

      let stopping = false;
      const stop = async (signal: 'SIGINT' | 'SIGTERM'): Promise<void> => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal}: stopping ZeroLoop…`);
        await app.close().catch(() => undefined);
        await store.close().catch(() => undefined);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));

      const empty = flags.demo && (await listCommunities(store.db)).length === 0;
      if (empty) state.loading = { message: 'Loading the demo community (a synthetic city of about 50,000 people)…', done: 0, total: null };
      try {
        await app.listen({ port, host });
      } catch (e) {
        await store.close();
        throw new UserError(`Cannot listen on ${host}:${port}: ${(e as Error).message}. Choose another port with --port or PORT.`);
      }
      // The port bound, which differs from the one asked for with --port 0.
      const bound = app.server.address();
      const actualPort = typeof bound === 'object' && bound ? bound.port : port;
      console.log(`ZeroLoop is serving http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/ (data: ${store.location})`);
      if (firstAdmin) {
        console.log('');
        console.log('  First start: an admin account was created. Sign in with');
        console.log(`    username: ${firstAdmin.username}`);
        console.log(`    password: ${firstAdmin.password}`);
        console.log('  This password is shown only now. Keep it safe, or set a new one with `zeroloop user reset admin`.');
        console.log('');
      }
      if (empty) {
        console.log('The database is empty: loading the demo community "demo" (size city, seed 1). This takes about half a minute; the page shows progress.');
        const started = Date.now();
        try {
          const result = await loadDemo(store.db, {
            size: 'city',
            seed: 1,
            onProgress: (p) => {
              if (state.loading) state.loading = { message: `Loading the demo community: ${p.phase}…`, done: p.done, total: p.total };
            },
          });
          // Whoever administers the deployment administers the demo it loaded.
          const { findCommunity } = await import('../store/communities.ts');
          const demo = await findCommunity(store.db, 'demo');
          if (demo) await adoptCommunity(store.db, demo);
          console.log(`${result.summary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        } catch (e) {
          state.loadError = `The demo community could not be loaded: ${(e as Error).message}`;
          console.error(state.loadError);
        } finally {
          state.loading = null;
        }
      }
    });
}

const cacheMegabytes = (mb: number | undefined): number | undefined => (mb === undefined ? undefined : mb * 1024 * 1024);
