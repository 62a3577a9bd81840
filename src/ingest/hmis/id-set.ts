/**
 * A compact set of record IDs, for duplicate and orphan checks over files of tens of
 * millions of rows (a JavaScript Set<string> costs ~80 bytes an entry and stops at
 * 2^24 entries; this costs 12 to 23 bytes an entry, with no limit but memory).
 *
 * Each ID becomes a 64-bit key held in two Uint32Arrays (open addressing, linear probing):
 * - a plain number of up to 15 digits without a leading zero ("4651237") is stored exactly;
 * - any other ID ("829635_1", "s_278060", "0042") is stored as a 63-bit hash of its text.
 *   Two different such IDs could share a key; across 10 million IDs the odds that any pair
 *   does are about 1 in 200,000, and the price is one missed orphan warning or one row
 *   wrongly called a duplicate.
 */

const NUMBER_TAG = 0x40000000; // high word of an exact numeric key (< 2^18 besides the tag)
const HASH_TAG = 0x80000000; // high word of a hashed key

const MAX_LOAD = 0.7;

export class IdSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private mask: number;
  private count = 0;
  // The key of the last `keyOf` call (avoids allocating a pair per ID).
  private kh = 0;
  private kl = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds the ID; returns false when it was already there. */
  add(id: string): boolean {
    this.keyOf(id);
    const kh = this.kh;
    const kl = this.kl;
    let i = slot(kh, kl) & this.mask;
    for (;;) {
      const h = this.hi[i];
      if (h === 0) break;
      if (h === kh && this.lo[i] === kl) return false;
      i = (i + 1) & this.mask;
    }
    this.hi[i] = kh;
    this.lo[i] = kl;
    this.count++;
    if (this.count > (this.mask + 1) * MAX_LOAD) this.grow();
    return true;
  }

  has(id: string): boolean {
    this.keyOf(id);
    const kh = this.kh;
    const kl = this.kl;
    let i = slot(kh, kl) & this.mask;
    for (;;) {
      const h = this.hi[i];
      if (h === 0) return false;
      if (h === kh && this.lo[i] === kl) return true;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    const cap = oldHi.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < oldHi.length; j++) {
      const kh = oldHi[j];
      if (kh === 0) continue;
      const kl = oldLo[j];
      let i = slot(kh, kl) & this.mask;
      while (this.hi[i] !== 0) i = (i + 1) & this.mask;
      this.hi[i] = kh;
      this.lo[i] = kl;
    }
  }

  private keyOf(id: string): void {
    const n = id.length;
    if (n > 0 && n <= 15 && (n === 1 || id.charCodeAt(0) !== 48)) {
      let v = 0;
      let ok = true;
      for (let i = 0; i < n; i++) {
        const c = id.charCodeAt(i) - 48;
        if (c < 0 || c > 9) {
          ok = false;
          break;
        }
        v = v * 10 + c;
      }
      if (ok) {
        this.kh = (NUMBER_TAG | Math.floor(v / 4294967296)) >>> 0;
        this.kl = v >>> 0;
        return;
      }
    }
    // Two independent 32-bit hashes: FNV-1a and a murmur-style multiply-rotate.
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c ^ n;
    for (let i = 0; i < n; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 ^= h1 >>> 16;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 ^= h1 >>> 13;
    h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
    h2 ^= h2 >>> 16;
    this.kh = (HASH_TAG | (h1 >>> 1)) >>> 0;
    this.kl = h2 >>> 0;
  }
}

function slot(kh: number, kl: number): number {
  let h = Math.imul(kl ^ Math.imul(kh, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
}
