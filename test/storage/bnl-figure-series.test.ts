import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import type { Database } from '../../src/store/database.ts';
import { bnlFigureSeries } from '../../src/store/bnl-figure-series.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { monthlyMetrics } from '../../src/app/metrics.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { communityPopulations } from '../../src/app/populations.ts';
import { BNL_FIGURE_LABELS } from '../../src/domain/learning/bnl-figures.ts';
import { BNL_FIGURES, type BnlFigure } from '../../src/domain/learning/types.ts';
import { validateMeasureDefinition } from '../../src/domain/learning/measures.ts';
import { parseDay } from '../../src/domain/time/day.ts';

/**
 * A hand-made list of single adults whose placements and returns sit at the edges of
 * the return windows. As of 2025-03-31, so months 2023-12 … 2025-03 (16 months).
 *
 *   A  active 2023-12-01, housed 2024-01-15, active 2024-07-15   return exactly 6 months later: counts for 6 and 12
 *   B  active 2023-12-02, housed 2024-01-20, active 2024-07-21   6 months + 1 day: counts for 12 only
 *   C  active 2024-06-01, housed 2024-08-31, active 2025-02-28   08-31 + 6 months = 2025-02-28: counts for 6
 *   D  active 2024-06-02, housed 2024-08-31, active 2025-03-01   one day past 2025-02-28: not within 6
 *   E  active 2023-12-03, housed 2024-03-10, active 2024-04-10, housed 2024-05-01, active 2024-06-01,
 *      housed 2024-06-20, active 2024-07-05                      the March placement has three later returns: counts once
 *   F  active 2023-12-05, housed 2024-01-05                      never returns
 *   G  active 2023-12-05, housed 2024-02-29, active 2025-02-28   02-29 + 12 months = 2025-02-28: counts for 12, not 6
 *   H  active 2023-12-06, housed 2024-03-15, active 2025-03-16   12 months + 1 day: counts for neither
 *   I  active 2023-12-07, housed 2024-01-10, inactive 2024-02-10, active 2024-03-12
 *                                                              comes back from inactive, not from housing: no return
 *   J  active 2024-10-01, housed 2024-11-05, active 2025-01-05   returns, but follow-up of November is incomplete
 *   K  active 2023-12-08, inactive 2024-02-15                    inactive to the end
 *   L  active 2024-01-01, inactive 2024-05-20, active 2024-09-09
 *   M  inactive 2024-02-01                                       on the list, never active
 *   N  active 2024-01-03, inactive 2024-04-04, housed 2024-05-05  inactive → housed leaves the active-or-inactive count
 *   O  active 2024-05-15, housed 2024-06-10, active 2024-06-10   same day: the later row is used (docs/formats/bnl-csv.md,
 *                                                              same-day-change), so O is never housed: a return on the
 *                                                              day of the placement cannot happen (one status per day;
 *                                                              bnl_transition's key has the date)
 */
const PERSONS = `person_id,birth_date,veteran
A,1970-01-01,yes
B,1971-02-02,no
C,1972-03-03,yes
D,1973-04-04,no
E,1974-05-05,yes
F,1975-06-06,no
G,1976-07-07,no
H,1977-08-08,no
I,1978-09-09,no
J,1979-10-10,no
K,1980-11-11,yes
L,2002-01-01,no
M,1981-12-12,no
N,1982-01-13,no
O,1983-02-14,no
`;
const HISTORY = `person_id,date,status
A,2023-12-01,active
A,2024-01-15,housed
A,2024-07-15,active
B,2023-12-02,active
B,2024-01-20,housed
B,2024-07-21,active
C,2024-06-01,active
C,2024-08-31,housed
C,2025-02-28,active
D,2024-06-02,active
D,2024-08-31,housed
D,2025-03-01,active
E,2023-12-03,active
E,2024-03-10,housed
E,2024-04-10,active
E,2024-05-01,housed
E,2024-06-01,active
E,2024-06-20,housed
E,2024-07-05,active
F,2023-12-05,active
F,2024-01-05,housed
G,2023-12-05,active
G,2024-02-29,housed
G,2025-02-28,active
H,2023-12-06,active
H,2024-03-15,housed
H,2025-03-16,active
I,2023-12-07,active
I,2024-01-10,housed
I,2024-02-10,inactive
I,2024-03-12,active
J,2024-10-01,active
J,2024-11-05,housed
J,2025-01-05,active
K,2023-12-08,active
K,2024-02-15,inactive
L,2024-01-01,active
L,2024-05-20,inactive
L,2024-09-09,active
M,2024-02-01,inactive
N,2024-01-03,active
N,2024-04-04,inactive
N,2024-05-05,housed
O,2024-05-15,active
O,2024-06-10,housed
O,2024-06-10,active
`;
const AS_OF = '2025-03-31';

const MONTHS = [
  '2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07',
  '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03',
];

/** [value, denominator] per month, in MONTHS order. */
type Expected = [number | null, number | null][];
const series = (pairs: Expected) => pairs.map(([value, denominator], i) => ({ period: MONTHS[i], value, denominator }));

/**
 * Placements per month: 2024-01 A F I B (4), 2024-02 G (1), 2024-03 E H (2), 2024-05 E (1),
 * 2024-06 E (1), 2024-08 C D (2), 2024-11 J (1); none in the other months.
 * Follow-up is complete while last day of the month + 6 months ≤ 2025-03-31:
 * 2024-09-30 + 6 months = 2025-03-30 (complete); 2024-10-31 + 6 months = 2025-04-30 (not).
 *   2024-01: A (07-15 ≤ 07-15) yes, B (07-21 > 07-20) no, F no, I no (returned from inactive) → 1 of 4
 *   2024-02: G (window ends 08-29) no → 0 of 1
 *   2024-03: E (04-10) yes, H no → 1 of 2
 *   2024-05: E (06-01, and 07-05: once) → 1 of 1;  2024-06: E (07-05) → 1 of 1
 *   2024-08: C (2025-02-28 ≤ 2025-02-28) yes, D (2025-03-01) no → 1 of 2
 *   months without placements: null of 0; 2024-10 on: incomplete, null of null (J's November too)
 */
const RETURNS_6: Expected = [
  [null, 0], [1, 4], [0, 1], [1, 2], [null, 0], [1, 1], [1, 1], [null, 0],
  [1, 2], [null, 0], [null, null], [null, null], [null, null], [null, null], [null, null], [null, null],
];
/**
 * Complete while last day of the month + 12 months ≤ 2025-03-31: 2024-03-31 + 12 months =
 * 2025-03-31 exactly (complete); 2024-04-30 + 12 months = 2025-04-30 (not).
 *   2024-01: A yes, B (07-21 ≤ 2025-01-20) yes, F no, I no → 2 of 4
 *   2024-02: G (2024-02-29 + 12 months = 2025-02-28, returned 2025-02-28) yes → 1 of 1
 *   2024-03: E yes, H (window ends 2025-03-15, returned 03-16) no → 1 of 2
 */
const RETURNS_12: Expected = [
  [null, 0], [2, 4], [1, 1], [1, 2], [null, null], [null, null], [null, null], [null, null],
  [null, null], [null, null], [null, null], [null, null], [null, null], [null, null], [null, null], [null, null],
];
/**
 * Active on each month's last day:
 *   2023-12 A B E F G H I K (8); 2024-01 E G H K L N (6); 2024-02 E H L N (4; G housed on the 29th);
 *   2024-03 I L N (3); 2024-04 E I L (3); 2024-05 I O (2); 2024-06 C D I O (4); 2024-07 A B C D E I O (7);
 *   2024-08 A B E I O (5); 2024-09 +L (6); 2024-10 +J (7); 2024-11 −J (6); 2024-12 (6);
 *   2025-01 +J (7); 2025-02 +C +G (9); 2025-03 +D +H (11).
 * Inactive on each month's last day: 2024-02 I K M (3); 2024-03 K M (2); 2024-04 K M N (3);
 *   2024-05 … 2024-08 K M L (3); from 2024-09 K M (2).
 */
const ACTIVE = [8, 6, 4, 3, 3, 2, 4, 7, 5, 6, 7, 6, 6, 7, 9, 11];
const INACTIVE = [0, 0, 3, 2, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2];
const SHARE_INACTIVE: Expected = INACTIVE.map((n, i) => [n, n + ACTIVE[i]]);

const STORED_FIGURES = [
  'actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive',
  'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria',
] as const;

for (const engine of engines) {
  describe(`By-Name List figure series on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let communityId: number;
    let dir: string;
    beforeAll(async () => {
      ({ db, dispose } = await engine.open());
      dir = mkdtempSync(join(tmpdir(), 'zl-series-'));
      writeFileSync(join(dir, 'persons.csv'), PERSONS);
      writeFileSync(join(dir, 'status-history.csv'), HISTORY);
      const report = await importBnl(db, { dir, community: 'edge-city', asOf: parseDay(AS_OF)! });
      expect(report.status).toBe('succeeded');
      communityId = (await resolveCommunity(db, 'edge-city')).communityId;
    });
    afterAll(async () => {
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('should keep one status per person and day, so nobody returns on the day of their placement', async () => {
      const o = await db.query<{ transition_date: string; to_status: string; flow: string | null }>(
        "SELECT transition_date, to_status, flow FROM bnl_transition WHERE community_id = $1 AND population = 'all' AND person_id = 'O' ORDER BY transition_date",
        [communityId],
      );
      expect(o).toEqual([{ transition_date: '2024-05-15', to_status: 'active', flow: 'newly_identified' }]);
    });

    it('should count returns within 6 months at the edges of the window', async () => {
      expect(await bnlFigureSeries(db, communityId, 'all', 'returns_within_6_months')).toEqual(series(RETURNS_6));
    });

    it('should count returns within 12 months, with follow-up complete up to the as-of date exactly', async () => {
      expect(await bnlFigureSeries(db, communityId, 'all', 'returns_within_12_months')).toEqual(series(RETURNS_12));
    });

    it('should count the inactive share of the list at each month end', async () => {
      expect(await bnlFigureSeries(db, communityId, 'all', 'share_inactive')).toEqual(series(SHARE_INACTIVE));
      expect((await bnlFigureSeries(db, communityId, 'all', 'actively_homeless')).map((p) => p.value)).toEqual(ACTIVE);
    });

    it('should follow the population: only veterans (A C E K) count for veterans', async () => {
      // Veterans' placements: 2024-01 A, 2024-03 E, 2024-05 E, 2024-06 E, 2024-08 C; all returned within 6.
      expect(await bnlFigureSeries(db, communityId, 'veterans', 'returns_within_6_months')).toEqual(
        series([
          [null, 0], [1, 1], [null, 0], [1, 1], [null, 0], [1, 1], [1, 1], [null, 0],
          [1, 1], [null, 0], [null, null], [null, null], [null, null], [null, null], [null, null], [null, null],
        ]),
      );
      // K is the only inactive veteran, from 2024-02-15.
      expect((await bnlFigureSeries(db, communityId, 'veterans', 'share_inactive')).map((p) => p.value)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    });

    it('should give the stored figures exactly as zeroloop metrics shows them, in every population', async () => {
      const community = await resolveCommunity(db, 'edge-city');
      const populations = await communityPopulations(db, communityId);
      expect(populations.length).toBeGreaterThan(1);
      for (const { slug } of populations) {
        const metrics = await monthlyMetrics(db, community, { population: slug });
        expect(metrics.length, slug).toBe(MONTHS.length);
        const periods = metrics.map((m) => m.month);
        const get = async (figure: BnlFigure) => {
          const s = await bnlFigureSeries(db, communityId, slug, figure);
          expect(s.map((p) => p.period), `${slug} ${figure}`).toEqual(periods);
          return s;
        };
        for (const figure of STORED_FIGURES) {
          expect(await get(figure), `${slug} ${figure}`).toEqual(metrics.map((m) => ({ period: m.month, value: m[figure], denominator: null })));
        }
        expect(await get('inflow')).toEqual(
          metrics.map((m) => ({ period: m.month, value: m.newly_identified + m.returned_from_housing + m.returned_from_inactive, denominator: null })),
        );
        expect(await get('outflow')).toEqual(
          metrics.map((m) => ({ period: m.month, value: m.housing_placements + m.moved_to_inactive + m.no_longer_meets_criteria, denominator: null })),
        );
        // monthlyMetrics rounds to one decimal; the series keeps the stored value.
        const days = await get('avg_days_to_housing');
        days.forEach((p, i) => {
          const shown = metrics[i].avg_days_to_housing;
          if (shown === null) expect(p.value).toBeNull();
          else expect(Math.round(p.value! * 10) / 10).toBe(shown);
        });
        const share = await get('share_inactive');
        share.forEach((p, i) => expect(p.denominator! - p.value!, `${slug} ${p.period}`).toBe(metrics[i].actively_homeless));
        for (const figure of ['returns_within_6_months', 'returns_within_12_months'] as const) {
          const returns = await get(figure);
          returns.forEach((p, i) => {
            if (p.denominator !== null) expect(p.denominator, `${slug} ${figure} ${p.period}`).toBe(metrics[i].housing_placements);
          });
        }
      }
    });

    it('should keep the unrounded average days to housing', async () => {
      // 2024-01 placements in all: F 2024-01-05 (31 days from 2023-12-05), I 01-10 (34 from 12-07),
      // A 01-15 (45 from 12-01), B 01-20 (49 from 12-02): 159 / 4 = 39.75, shown by zeroloop metrics as 39.8.
      const days = await bnlFigureSeries(db, communityId, 'all', 'avg_days_to_housing');
      expect(days[1]).toEqual({ period: '2024-01', value: 39.75, denominator: null });
      expect(days[0].value).toBeNull();
    });

    it('should agree with the literal definition of share_inactive: the latest transition by the month end', async () => {
      const transitions = await db.query<{ population: string; person_id: string; transition_date: string; to_status: string }>(
        'SELECT population, person_id, transition_date, to_status FROM bnl_transition WHERE community_id = $1 ORDER BY population, person_id, transition_date',
        [communityId],
      );
      for (const { slug } of await communityPopulations(db, communityId)) {
        const expected = MONTHS.map((month) => {
          const end = lastDay(month);
          const latest = new Map<string, string>();
          for (const t of transitions) if (t.population === slug && t.transition_date <= end) latest.set(t.person_id, t.to_status);
          const statuses = [...latest.values()];
          const inactive = statuses.filter((s) => s === 'inactive').length;
          return { period: month, value: inactive, denominator: inactive + statuses.filter((s) => s === 'active').length };
        });
        expect(await bnlFigureSeries(db, communityId, slug, 'share_inactive'), slug).toEqual(expected);
      }
    });

    it('should give an empty series for a population with no months', async () => {
      for (const figure of BNL_FIGURES) expect(await bnlFigureSeries(db, communityId, 'no-such-population', figure)).toEqual([]);
    });
  });
}

describe('BNL_FIGURE_LABELS', () => {
  it('should make a valid operational definition for every figure', () => {
    for (const figure of BNL_FIGURES) {
      const l = BNL_FIGURE_LABELS[figure];
      const problems = validateMeasureDefinition({
        name: l.name,
        type: 'outcome',
        description: l.description,
        numerator: l.numerator,
        denominator: l.denominator,
        population: 'all',
        source: { kind: 'bnl', figure },
        frequency: 'monthly',
        unit: l.unit,
        improvement: l.improvement,
        owner: null,
        target: null,
        chart: l.chart,
        rules: 'anhoej',
      });
      expect(problems, figure).toEqual([]);
    }
  });
});

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
