import { openStore, DEFAULT_DATA_DIR, type Store } from '../store/open-store.ts';

export interface StoreFlags {
  dataDir?: string;
}

/** Where the data lives: DATABASE_URL, else --data-dir, else ZEROLOOP_DATA_DIR, else ./.zeroloop. */
export function storeOptions(flags: StoreFlags, purpose: string) {
  return {
    databaseUrl: process.env.DATABASE_URL || null,
    dataDir: flags.dataDir ?? process.env.ZEROLOOP_DATA_DIR ?? DEFAULT_DATA_DIR,
    purpose,
  };
}

/**
 * Opens the store for one command and closes it however the command ends,
 * including Ctrl-C and SIGTERM: the embedded database is closed and its lock
 * released before the process exits.
 */
export async function withStore<T>(flags: StoreFlags, purpose: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeOptions(flags, purpose));
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: closing the database cleanly…\n`);
    void store.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(store);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
}
