import { describe, expect, it } from 'vitest';
import { readAhead, WriteBehind } from '../../src/app/overlap.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('readAhead', () => {
  it('should yield every item in order and ask for the next one before the caller is done with the current one', async () => {
    const log: string[] = [];
    async function* source() {
      for (const x of [1, 2, 3]) {
        log.push(`read ${x}`);
        await tick();
        yield x;
      }
    }
    const seen: number[] = [];
    for await (const x of readAhead(source())) {
      await tick(); // the caller's work on x
      log.push(`used ${x}`);
      seen.push(x);
    }
    expect(seen).toEqual([1, 2, 3]);
    // Item 2 is being read while item 1 is used, and so on.
    expect(log.indexOf('read 2')).toBeLessThan(log.indexOf('used 1'));
    expect(log.indexOf('read 3')).toBeLessThan(log.indexOf('used 2'));
  });

  it('should throw the source’s failure to the caller', async () => {
    async function* source() {
      yield 1;
      throw new Error('the query failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const x of readAhead(source())) seen.push(x);
      })(),
    ).rejects.toThrow('the query failed');
    expect(seen).toEqual([1]);
  });

  it('should close the source when the caller stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const x of readAhead(source())) if (x === 2) break;
    expect(closed).toBe(true);
  });
});

describe('WriteBehind', () => {
  it('should run writes in order, one at a time, and let the caller go on while the last one runs', async () => {
    const log: string[] = [];
    let running = 0;
    const writes = new WriteBehind();
    const write = (n: number) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${n}`);
      await tick();
      log.push(`end ${n}`);
      running--;
    };
    await writes.send(write(1));
    log.push('caller goes on');
    await writes.send(write(2));
    await writes.flush();
    expect(log).toEqual(['start 1', 'caller goes on', 'end 1', 'start 2', 'end 2']);
  });

  it('should report a failed write at the next send, without starting that write', async () => {
    const writes = new WriteBehind();
    let second = false;
    await writes.send(async () => {
      await tick();
      throw new Error('COPY refused a row');
    });
    await expect(writes.send(async () => void (second = true))).rejects.toThrow('COPY refused a row');
    expect(second).toBe(false);
  });
});
