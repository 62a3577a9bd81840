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
  let store: Store | null = null;
  let stopping = false;
  // Installed before the database opens, so an interrupted start-up is handled too;
  // a second Ctrl-C while closing is ignored rather than cutting the close short.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: closing the database cleanly…\n`);
    void (store ? store.close() : Promise.resolve()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    store = await openStore(storeOptions(flags, purpose));
    return await fn(store);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!stopping) await store?.close();
  }
}
