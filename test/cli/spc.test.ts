import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zeroloop } from '../helpers/cli.ts';

function csv(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'zl-spc-')), 'series.csv');
  writeFileSync(path, text);
  return path;
}

describe('zeroloop spc', () => {
  it('should chart an I chart of a series and give its centre line and limits by hand', async () => {
    // y = 10, 12, 11, 13, 14: mean 12; moving ranges 2, 1, 2, 1 → mean 1.5; limits 12 ± 2.66 × 1.5 = 8.01 … 15.99.
    const r = await zeroloop(['spc', csv('x,y\n1,10\n2,12\n3,11\n4,13\n5,14\n'), '--chart', 'i', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.chart).toBe('i');
    expect(out.rules).toBe('anhoej');
    expect(out.points[0].cl).toBeCloseTo(12, 10);
    expect(out.points[0].ucl).toBeCloseTo(15.99, 10);
    expect(out.points[0].lcl).toBeCloseTo(8.01, 10);
    expect(out.parts[0].n_obs).toBe(5);
  });

  it('should exit 1 naming the line and column when a value is not a number', async () => {
    const r = await zeroloop(['spc', csv('x,y\n1,10\n2,twelve\n'), '--chart', 'run']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: series.csv, line 3, column y: "twelve" is not a number.');
  });

  it('should exit 1 when the header is not x,y or x,y,n, and 2 when the chart type is unknown', async () => {
    const header = await zeroloop(['spc', csv('month,count\n1,2\n'), '--chart', 'run']);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('expected x,y or x,y,n');
    const chart = await zeroloop(['spc', csv('x,y\n1,2\n'), '--chart', 'xbar']);
    expect(chart.code).toBe(2);
  });
});
