/**
 * Two small tools that let a bulk pass keep the database and this process busy at the
 * same time: reading the next batch while this one is derived, and writing this batch
 * while the next is derived. With a server they overlap; with the embedded engine (same
 * thread) they do no harm. Statements still reach a connection in the order they are
 * issued, so a write is never overtaken by a later read of what it writes.
 */

/** Yields what `source` yields, asking it for the next item before handing on the current one. */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  const ask = () => {
    const p = source.next();
    p.catch(() => undefined); // met when awaited, even if the caller has stopped
    return p;
  };
  let next = ask();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = ask();
      yield r.value;
    }
  } finally {
    await next.catch(() => undefined);
    await source.return(undefined);
  }
}

/** Runs writes one at a time without waiting for each: `send` waits only for the previous one. */
export class WriteBehind {
  private pending: Promise<void> = Promise.resolve();

  async send(write: () => Promise<void>): Promise<void> {
    await this.pending;
    const p = write();
    p.catch(() => undefined); // met at the next send or flush
    this.pending = p;
  }

  /** Waits for the last write; throws its failure. */
  async flush(): Promise<void> {
    await this.pending;
  }
}
