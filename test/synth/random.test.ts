import { describe, expect, it } from 'vitest';
import { mixSeed, Rng } from '../../src/synth/random.ts';

describe('Rng', () => {
  it('should repeat the same sequence when seeded the same', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    for (let i = 0; i < 1000; i++) expect(a.nextU32()).toBe(b.nextU32());
  });

  it('should give a different sequence for a different seed', () => {
    const a = new Rng(1);
    const b = new Rng(2);
    const same = Array.from({ length: 100 }, () => a.nextU32() === b.nextU32()).filter(Boolean).length;
    expect(same).toBeLessThan(3);
  });

  it('should keep draws within their ranges', () => {
    const r = new Rng(7);
    const bad: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) bad.push(x);
      const k = r.int(3, 9);
      if (!(k >= 3 && k <= 9 && Number.isInteger(k))) bad.push(k);
    }
    expect(bad).toEqual([]);
  });

  it('should have about the right means for uniform, exponential and poisson draws', () => {
    const r = new Rng(11);
    const n = 50_000;
    let u = 0;
    let e = 0;
    let p = 0;
    let big = 0;
    for (let i = 0; i < n; i++) {
      u += r.next();
      e += r.exponential(5);
      p += r.poisson(3.5);
      big += r.poisson(120);
    }
    expect(u / n).toBeCloseTo(0.5, 1);
    expect(e / n).toBeGreaterThan(4.8);
    expect(e / n).toBeLessThan(5.2);
    expect(p / n).toBeCloseTo(3.5, 1);
    expect(big / n).toBeGreaterThan(119);
    expect(big / n).toBeLessThan(121);
  });

  it('should pick by weight', () => {
    const r = new Rng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.weighted([1, 2, 0])]++;
    expect(counts[2]).toBe(0);
    expect(counts[1] / counts[0]).toBeGreaterThan(1.85);
    expect(counts[1] / counts[0]).toBeLessThan(2.15);
  });

  it('should shuffle into a permutation', () => {
    const r = new Rng(5);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = r.shuffle(items.slice());
    expect(shuffled).not.toEqual(items);
    expect(shuffled.slice().sort((a, b) => a - b)).toEqual(items);
  });

  it('should mix seeds so that neighbouring inputs differ', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(1, 2)).toBe(mixSeed(1, 2));
    expect(mixSeed(0)).toBeGreaterThanOrEqual(0);
  });
});
