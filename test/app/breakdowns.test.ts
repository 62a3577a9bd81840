import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import type { Database } from '../../src/store/database.ts';
import type { Community } from '../../src/store/communities.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { monthlyMetrics } from '../../src/app/metrics.ts';
import { suppressedMetrics } from '../../src/app/aggregates.ts';
import { BREAKDOWN_DIMENSIONS, breakdownTable, populationBreakdown, type PopulationBreakdown } from '../../src/app/breakdowns.ts';
import { bnlBreakdowns } from '../../src/store/bnl-breakdowns.ts';
import { disclosedCells, monthlyFigureCells } from '../../src/domain/privacy/suppression.ts';
import { UserError } from '../../src/app/errors.ts';

/**
 * Fifteen people, worked by hand (docs/definitions.md). Ages are on 2024-06-28.
 *
 *   id   born        household          race            locality  history (provider)
 *   P01  1970        single             white           North     active 01-10 (Outreach B), housed 06-05 (Housing Co)   147 days
 *   P02  1965        single             black           North     active 02-01 (Shelter A)
 *   P03  1980        single             black           South     active 06-10 (Outreach B)                             newly identified in June
 *   P04  1975        single             black;white     South     active 2023-12-01 (Shelter A), housed 03-01 (91 days),
 *                                                                  active 06-15 (Shelter A)                              returned from housing in June
 *   P05  1990        single             (none)          (none)    active 05-20 (no provider)
 *   P06  2004 (20)   single: youth      hispanic        North     active 03-15 (Outreach B)
 *   P07  1988        H1 head            asian           South     active 04-01 (Shelter A), housed 06-20 (Housing Co)    80 days
 *   P08  2016        H1 child           asian           South     the same as P07                                        80 days
 *   P09  2002 (22)   H2 head: youth     black           North     active 05-05 (Shelter A)
 *   P10  2023        H2 child: youth    black           North     the same as P09
 *   P11  1960        single             white           North     active 01-05 (Outreach B), inactive 04-01,
 *                                                                  active 06-02 (Outreach B)                             returned from inactive in June
 *   P12  1985        single             white           South     active 02-10 (Shelter A), housed 05-15                 95 days
 *   P13  1979        H3 head            white           North     active 06-25 (no provider)                             newly identified in June
 *   P14  1981        H3 spouse          white           North     the same as P13
 *   P15  2012        H3 child           white           North     the same as P13
 *
 * The last change is 2024-06-25: June is the latest month, counted on that day.
 *
 * Population `all`, June 2024:
 *   active at the end: P02 P03 P04 P05 P06 P09 P10 P11 P13 P14 P15 = 11
 *   inflow: P03 P13 P14 P15 (new), P04 (from housing), P11 (from inactive) = 6, of which 1 from housing
 *   placements: P01 P07 P08 = 3
 *   window 2023-07 … 2024-06 placements: P04 91, P12 95, P01 147, P07 80, P08 80: 493 / 5 = 98.6 days
 *   (May: P01 P02 P05 P06 P07 P08 P09 P10 = 8 active; 8 + 6 − 3 = 11.)
 */
const PERSONS = `person_id,birth_date,birth_year,veteran,chronic_since,household_id,relationship,race,gender,locality
P01,1970-01-01,,no,,,,white,man,North
P02,1965-05-05,,no,,,,black_af_american,woman,North
P03,1980-03-03,,no,,,,black_af_american,man,South
P04,1975-07-07,,no,,,,black_af_american;white,man,South
P05,1990-09-09,,no,,,,,woman,
P06,2004-04-04,,no,,,,hispanic_latinaeo,woman,North
P07,1988-08-08,,no,,H1,head,asian,woman,South
P08,2016-01-01,,,,H1,child,asian,man,South
P09,2002-02-02,,no,,H2,head,black_af_american,woman,North
P10,2023-01-01,,,,H2,child,black_af_american,man,North
P11,1960-01-01,,no,,,,white,man,North
P12,1985-12-12,,no,,,,white,man,South
P13,1979-11-11,,no,,H3,head,white,man,North
P14,1981-01-01,,no,,H3,spouse,white,woman,North
P15,2012-06-06,,,,H3,child,white,man,North
`;
const HISTORY = `person_id,date,status,reason,provider
P01,2024-01-10,active,,Outreach B
P01,2024-06-05,housed,,Housing Co
P02,2024-02-01,active,,Shelter A
P03,2024-06-10,active,,Outreach B
P04,2023-12-01,active,,Shelter A
P04,2024-03-01,housed,,Housing Co
P04,2024-06-15,active,,Shelter A
P05,2024-05-20,active,,
P06,2024-03-15,active,,Outreach B
P07,2024-04-01,active,,Shelter A
P08,2024-04-01,active,,Shelter A
P07,2024-06-20,housed,,Housing Co
P08,2024-06-20,housed,,Housing Co
P09,2024-05-05,active,,Shelter A
P10,2024-05-05,active,,Shelter A
P11,2024-01-05,active,,Outreach B
P11,2024-04-01,inactive,no contact,
P11,2024-06-02,active,,Outreach B
P12,2024-02-10,active,,Shelter A
P12,2024-05-15,housed,,Housing Co
P13,2024-06-25,active,,
P14,2024-06-25,active,,
P15,2024-06-25,active,,
`;

type Figures = [active: number, share: number, ratio: number | null, inflow: number, fromHousing: number, placements: number, avgDays: number | null];
const rowsOf = (b: PopulationBreakdown, d: (typeof BREAKDOWN_DIMENSIONS)[number]): Record<string, Figures> =>
  Object.fromEntries(
    b.dimensions[d].rows.map((r) => [r.group, [r.actively_homeless, r.share, r.representation_ratio, r.inflow, r.returned_from_housing, r.placements, r.avg_days_to_housing] as Figures]),
  );

for (const engine of engines) {
  describe(`population breakdowns on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let community: Community;

    beforeAll(async () => {
      ({ db, dispose } = await engine.open());
      const dir = mkdtempSync(join(tmpdir(), 'zl-breakdown-'));
      writeFileSync(join(dir, 'persons.csv'), PERSONS);
      writeFileSync(join(dir, 'status-history.csv'), HISTORY);
      const report = await importBnl(db, { dir, community: 'fifteen' });
      expect(report.status).toBe('succeeded');
      community = await resolveCommunity(db, 'fifteen');
    }, 60_000);
    afterAll(async () => dispose());

    it('should count the latest month of `all` by every dimension, as worked by hand', async () => {
      const b = await populationBreakdown(db, community, 'all', { suppressed: false });
      expect([b.month, b.population, b.outcome_window, b.suppression_threshold]).toEqual(['2024-06', 'all', { from: '2023-07', to: '2024-06' }, null]);
      expect(b.total).toEqual({ actively_homeless: 11, inflow: 6, returned_from_housing: 1, placements: 3, avg_days_to_housing: 98.6, suppressed: [] });

      // Ratio = (group's share of the 3 placements) / (its share of the 11 active).
      // North: active P02 P06 P09 P10 P11 P13 P14 P15 = 8 (8/11 = 0.727); inflow P11 P13 P14 P15 = 4;
      //   placed P01 (147 days): ratio (1/3)/(8/11) = 11/24 = 0.458.
      // South: active P03 P04 = 2 (0.182); inflow P03 P04 (P04 from housing); placed P07 P08: (2/3)/(2/11) = 3.667;
      //   window P04 91, P12 95, P07 80, P08 80 → 86.5.
      // unknown: P05 (0.091), nobody placed: ratio 0.
      expect(rowsOf(b, 'locality')).toEqual({
        North: [8, 0.727, 0.46, 4, 0, 1, 147],
        South: [2, 0.182, 3.67, 2, 1, 2, 86.5],
        unknown: [1, 0.091, 0, 0, 0, 0, null],
      });
      expect(b.dimensions.locality.rows.map((r) => r.label)).toEqual(['North', 'South', 'Unknown locality']);

      // One row per person: P04 (black; white) is multiracial only; P05 (none) unknown.
      // white: active P11 P13 P14 P15 = 4 (0.364), inflow the same 4, placed P01: (1/3)/(4/11) = 0.917; window P01 147, P12 95 → 121.
      // black: active P02 P03 P09 P10 = 4, inflow P03, nobody placed: 0.
      // asian: nobody active (P07 P08 housed): share 0, ratio none; placed P07 P08 (80 days each).
      expect(rowsOf(b, 'race')).toEqual({
        am_ind_ak_native: [0, 0, null, 0, 0, 0, null],
        asian: [0, 0, null, 0, 0, 2, 80],
        black_af_american: [4, 0.364, 0, 1, 0, 0, null],
        hispanic_latinaeo: [1, 0.091, 0, 0, 0, 0, null],
        mid_east_n_african: [0, 0, null, 0, 0, 0, null],
        native_hi_pacific: [0, 0, null, 0, 0, 0, null],
        white: [4, 0.364, 0.92, 4, 0, 1, 121],
        multiracial: [1, 0.091, 0, 1, 1, 0, 91],
        unknown: [1, 0.091, 0, 0, 0, 0, null],
      });
      expect(b.dimensions.race.rows.map((r) => r.label).slice(-3)).toEqual(['White', 'Multiracial (two or more categories)', 'Unknown (not recorded)']);

      // Youth first (P06 alone at 20; P09 and P10, every member under 25), then adult-only, then families.
      // single_adult: active P02 P03 P04 P05 P11 = 5 (0.455); inflow P03 P04 P11; placed P01: (1/3)/(5/11) = 0.733;
      //   window P04 91, P12 95, P01 147 → 111.
      // family_with_children: active P13 P14 P15 = 3 (0.273); inflow the same 3; placed P07 P08: (2/3)/(3/11) = 2.444.
      // youth: active P06 P09 P10 = 3, nothing else.
      expect(rowsOf(b, 'household_type')).toEqual({
        single_adult: [5, 0.455, 0.73, 3, 1, 1, 111],
        family_with_children: [3, 0.273, 2.44, 3, 0, 2, 80],
        youth: [3, 0.273, 0, 0, 0, 0, null],
      });

      // The provider of the transition into active that began the active period: a placement counts
      // for the provider that found the person (P01: Outreach B), not the one named on the move-in
      // (Housing Co, which has no row). P04 came back through Shelter A.
      // Outreach B: active P03 P06 P11 = 3 (0.273), inflow P03 P11, placed P01: (1/3)/(3/11) = 1.222.
      // Shelter A: active P02 P04 P09 P10 = 4 (0.364), inflow P04, placed P07 P08: (2/3)/(4/11) = 1.833;
      //   window P04 91, P12 95, P07 80, P08 80 → 86.5.
      // unknown: active P05 P13 P14 P15 = 4, inflow P13 P14 P15.
      expect(rowsOf(b, 'provider')).toEqual({
        'Outreach B': [3, 0.273, 1.22, 2, 0, 1, 147],
        'Shelter A': [4, 0.364, 1.83, 1, 1, 2, 86.5],
        unknown: [4, 0.364, 0, 3, 0, 0, null],
      });
      expect(b.dimensions.provider.rows.map((r) => r.group)).toEqual(['Outreach B', 'Shelter A', 'unknown']);
      for (const d of BREAKDOWN_DIMENSIONS) expect(b.dimensions[d].suppressed, d).toEqual([]);
    });

    it('should count an earlier month, and families as households', async () => {
      // March: active P01 P02 P06 P11 P12 = 5 (P04 was housed on 03-01, P11 inactive only from 04-01);
      // inflow P06; placed P04 (91 days, Shelter A, South, multiracial, single).
      const march = await populationBreakdown(db, community, 'all', { month: '2024-03', suppressed: false });
      expect(march.total).toEqual({ actively_homeless: 5, inflow: 1, returned_from_housing: 0, placements: 1, avg_days_to_housing: 91, suppressed: [] });
      expect(march.outcome_window).toEqual({ from: '2023-04', to: '2024-03' });
      expect(rowsOf(march, 'locality')).toEqual({ North: [4, 0.8, 0, 1, 0, 0, null], South: [1, 0.2, 5, 0, 0, 1, 91] });
      expect(rowsOf(march, 'household_type')).toEqual({ single_adult: [4, 0.8, 1.25, 0, 0, 1, 91], family_with_children: [0, 0, null, 0, 0, 0, null], youth: [1, 0.2, 0, 1, 0, 0, null] });

      // Families: heads only. June: active P09 (youth: 22 with a child of 1) and P13 (family); inflow P13; placed P07.
      const families = await populationBreakdown(db, community, 'families', { suppressed: false });
      expect(families.total).toEqual({ actively_homeless: 2, inflow: 1, returned_from_housing: 0, placements: 1, avg_days_to_housing: 80, suppressed: [] });
      expect(rowsOf(families, 'household_type')).toEqual({ single_adult: [0, 0, null, 0, 0, 0, null], family_with_children: [1, 0.5, 2, 1, 0, 1, 80], youth: [1, 0.5, 0, 0, 0, 0, null] });
      expect(rowsOf(families, 'locality')).toEqual({ North: [2, 1, 0, 1, 0, 0, null], South: [0, 0, null, 0, 0, 1, 80] });
    });

    it('should give every month totals equal to the stored monthly figures', async () => {
      for (const population of ['all', 'all-singles', 'veterans', 'chronic', 'youth', 'families']) {
        for (const m of await monthlyMetrics(db, community, { population })) {
          const b = (await bnlBreakdowns(db, community.communityId, population, m.month))!;
          expect([population, m.month, b.total.actively_homeless, b.total.inflow, b.total.housing_placements]).toEqual([
            population, m.month, m.actively_homeless, m.newly_identified + m.returned_from_housing + m.returned_from_inactive, m.housing_placements,
          ]);
          for (const d of BREAKDOWN_DIMENSIONS) {
            const sum = [...b.groups[d].values()].reduce((s, c) => s + c.actively_homeless, 0);
            expect([population, m.month, d, sum]).toEqual([population, m.month, d, m.actively_homeless]);
          }
        }
      }
      // The youth household type of `all` is the `youth` population, month by month: active and placed
      // (the published monthly figures of `youth`, which the suppressed view must therefore respect).
      for (const m of await monthlyMetrics(db, community, { population: 'youth' })) {
        const youth = (await bnlBreakdowns(db, community.communityId, 'all', m.month))!.groups.household_type.get('youth');
        expect([m.month, youth?.actively_homeless ?? 0, youth?.housing_placements ?? 0]).toEqual([m.month, m.actively_homeless, m.housing_placements]);
      }
      expect((await bnlBreakdowns(db, community.communityId, 'all'))!.month).toBe('2024-06');
      expect(await bnlBreakdowns(db, community.communityId, 'nobody')).toBeNull();
    });

    it('should refuse an unknown population and a month without figures', async () => {
      await expect(populationBreakdown(db, community, 'nobody', { suppressed: false })).rejects.toThrow(new UserError('There is no population "nobody" in fifteen: expected one of all, all-singles, veterans, chronic, youth, families.', 'not-found'));
      await expect(populationBreakdown(db, community, 'all', { month: '2022-01', suppressed: false })).rejects.toThrow(/^There are no figures for 2022-01: "all" has figures from 2023-12 to 2024-06\.$/);
      await expect(populationBreakdown(db, community, 'all', { month: '2024-13', suppressed: false })).rejects.toThrow(/is not a month/);
    });

    it('should hide small counts and what gives them back, over every dimension and the published monthly figures', async () => {
      for (const threshold of [3, 5, 11]) {
        await db.query('UPDATE community SET suppression_threshold = $2 WHERE community_id = $1', [community.communityId, threshold]);
        for (const [population, month] of [['all', '2024-06'], ['all', '2024-05'], ['all-singles', '2024-06'], ['families', '2024-06']] as const) {
          const what = `${population} ${month} < ${threshold}`;
          const full = await populationBreakdown(db, community, population, { month, suppressed: false });
          const shown = await populationBreakdown(db, community, population, { month, suppressed: true });
          expect(shown.suppression_threshold).toBe(threshold);
          const stored = (await bnlBreakdowns(db, community.communityId, population, month))!;
          const table = breakdownTable(stored);

          // Every shown count is the true one, and none is from 1 to threshold − 1.
          const hidden = new Set<string>();
          const field = { actively_homeless: 'actively_homeless', inflow: 'inflow', returned_from_housing: 'returned_from_housing', housing_placements: 'placements' } as const;
          for (const [c, f] of Object.entries(field)) {
            const v = shown.total[f];
            if (v === null) hidden.add(`total:${c}`);
            else expect(v, `${what} total ${f}`).toBe(full.total[f]);
            if (v !== null) expect(v > 0 && v < threshold, `${what} total ${f} = ${v}`).toBe(false);
          }
          for (const d of BREAKDOWN_DIMENSIONS) {
            shown.dimensions[d].rows.forEach((r, i) => {
              const truth = full.dimensions[d].rows[i];
              expect(r.group).toBe(truth.group);
              for (const [c, f] of Object.entries(field)) {
                const v = r[f];
                if (v === null) hidden.add(`${d}:${r.group}:${c}`);
                else {
                  expect(v, `${what} ${d} ${r.group} ${f}`).toBe(truth[f]);
                  expect(v > 0 && v < threshold, `${what} ${d} ${r.group} ${f} = ${v}`).toBe(false);
                }
              }
              // Shares and ratios only from shown counts; averages only over enough placements.
              // (A zero share or ratio says nothing about a hidden count: zero over anything.)
              if (r.share !== null) expect(r.share).toBe(truth.share);
              if (r.share) expect([r.actively_homeless, shown.total.actively_homeless]).toEqual([truth.actively_homeless, full.total.actively_homeless]);
              if (r.representation_ratio !== null) expect(r.representation_ratio).toBe(truth.representation_ratio);
              if (r.representation_ratio)
                expect([r.placements, shown.total.placements, r.actively_homeless, shown.total.actively_homeless]).toEqual([truth.placements, full.total.placements, truth.actively_homeless, full.total.actively_homeless]);
              if (r.avg_days_to_housing !== null) expect(r.avg_days_to_housing).toBe(truth.avg_days_to_housing);
            });
          }
          if (threshold === 11) expect(hidden.size, what).toBeGreaterThan(0);
          // Within the breakdown (every dimension and the total), no hidden count can be worked out…
          expect(disclosedCells(table.cells, table.constraints, hidden), what).toEqual([]);
          // …nor together with the monthly figures the same reader gets from /metrics: every month's
          // balance, each total tied to the month's figures and, in `all`, the youth household
          // type's active count and placements tied to the `youth` population's.
          const ties: [cell: string, figures: string[]][] = Object.keys(field).map((c) => [`total:${c}`, parts(population, month, c)]);
          if (population === 'all') ties.push(['household_type:youth:actively_homeless', [`youth/${month}:actively_homeless`]], ['household_type:youth:housing_placements', [`youth/${month}:housing_placements`]]);
          const cells = [...table.cells];
          const constraints = [...table.constraints];
          const monthlyHidden = new Set<string>();
          for (const p of new Set([population, 'youth'])) {
            const monthly = monthlyFigureCells(await monthlyMetrics(db, community, { population: p }), { prefix: `${p}/` });
            cells.push(...monthly.cells);
            constraints.push(...monthly.constraints);
            for (const r of await suppressedMetrics(db, community, { population: p }))
              for (const k of ['actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive', 'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria'] as const)
                if (r[k] === null) monthlyHidden.add(`${p}/${r.month}:${k}`);
          }
          // A tied cell printed as null only for form's sake (small, but known from /metrics) is known:
          // it is what the monthly figures shown give.
          const monthlyOnly = cells.filter((c) => c.id.includes('/'));
          const monthlyRelations = constraints.filter((k) => [...k.plus, ...k.minus].every((id) => id.includes('/')));
          const known = ties
            .filter(([, figures]) => disclosedCells([...monthlyOnly, { id: 'x', value: 0 }], [...monthlyRelations, { plus: ['x'], minus: figures }], new Set([...monthlyHidden, 'x'])).includes('x'))
            .map(([cell]) => cell);
          for (const [cell, figures] of ties) constraints.push({ plus: [cell], minus: figures });
          const disclosed = disclosedCells(cells, constraints, new Set([...hidden, ...monthlyHidden].filter((id) => !known.includes(id))));
          // Groups equal to a known total (the only group of a dimension) are known too; nothing else.
          expect(disclosed.filter((id) => !isOnlyGroup(table, id)), what).toEqual([]);
        }
      }
      await db.query('UPDATE community SET suppression_threshold = 11 WHERE community_id = $1', [community.communityId]);
    });
  });
}

/** The monthly figures (`<population>/<YYYY-MM>:<figure>`) a breakdown total equals the sum of. */
function parts(population: string, month: string, count: string): string[] {
  const figures: Record<string, string[]> = {
    actively_homeless: ['actively_homeless'],
    inflow: ['newly_identified', 'returned_from_housing', 'returned_from_inactive'],
    returned_from_housing: ['returned_from_housing'],
    housing_placements: ['housing_placements'],
  };
  return figures[count].map((k) => `${population}/${month}:${k}`);
}

/** Whether a cell is the only non-total cell of some relation of the table (it equals its total). */
function isOnlyGroup(table: { constraints: { plus: readonly string[]; minus: readonly string[] }[] }, id: string): boolean {
  return table.constraints.some((k) => k.minus.length === 1 && k.minus[0] === id);
}
