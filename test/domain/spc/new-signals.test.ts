import { describe, expect, it } from 'vitest';
import { signalsAppearing } from '../../../src/domain/spc/new-signals.ts';

describe('signals appearing in a period', () => {
  it('should count a signal as appearing only when it reaches the period and was not on the chart’s last point a period before', () => {
    const pts = (n: number) => Array.from({ length: n }, (_, i) => ({ point: i + 1, x: `2024-0${i + 1}` }));
    const run = (to: number) => Array.from({ length: to - 1 }, (_, i) => ({ point: i + 2, rule: 'anhoej.long_run' as const, classification: 'improvement' as const, from: 2, to }));
    // A long run over points 2–5 flagged as of 2024-05, not as of 2024-04: it appeared in May.
    expect(signalsAppearing('C', { points: pts(5), signals: run(5) }, { points: pts(4), signals: [] }, '2024-05')).toEqual([
      { chart: 'C', rule: 'anhoej.long_run', classification: 'improvement', from: '2024-02', to: '2024-05' },
    ]);
    // Already flagged on April's last point: it continues, it did not appear.
    expect(signalsAppearing('C', { points: pts(5), signals: run(5) }, { points: pts(4), signals: run(4) }, '2024-05')).toEqual([]);
    // A chart whose last point is not the month says nothing about the month.
    expect(signalsAppearing('C', { points: pts(4), signals: run(4) }, null, '2024-05')).toEqual([]);
  });
});
