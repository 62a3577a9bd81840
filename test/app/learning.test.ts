import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import type { Database } from '../../src/store/database.ts';
import type { Community } from '../../src/store/communities.ts';
import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { addMeasurePhase, createMeasure, importMeasureValues, listMeasures, measureChartFor, putMeasureValues, showMeasure, updateMeasure } from '../../src/app/learning/measures.ts';
import { createAim, showAim } from '../../src/app/learning/aims.ts';
import { createDiagram, putDiagramNode, removeDiagramNode } from '../../src/app/learning/driver-diagrams.ts';
import { createCycle, listCycles, showCycle, updateCycle } from '../../src/app/learning/pdsa.ts';
import { UserError } from '../../src/app/errors.ts';

import { HISTORY, PERSONS } from './four-people.ts';

function bnlFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zl-learn-'));
  writeFileSync(join(dir, 'persons.csv'), PERSONS);
  writeFileSync(join(dir, 'status-history.csv'), HISTORY);
  return dir;
}

const MONTHS = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12'];
/** A year of a hand-entered count that steps up in July. */
const VALUES = [5, 7, 6, 8, 4, 6, 10, 12, 11, 9, 13, 12];

const manualMeasure = {
  slug: 'assessments',
  name: 'Completed assessments',
  type: 'process',
  source: 'manual',
  description: 'Coordinated entry assessments completed by outreach teams in the month',
  numerator: 'Assessments with every section completed',
  unit: 'assessments',
  improvement: 'up',
  chart: 'run',
  by: 'Dana (data lead)',
};

const errorOf = async (p: Promise<unknown>): Promise<UserError> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
};

for (const engine of engines) {
  describe(`the learning engine on ${engine.name}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let city: Community;
    beforeEach(async () => {
      ({ db, dispose } = await engine.open());
      await importBnl(db, { dir: bnlFolder(), community: 'test-city' });
      city = await resolveCommunity(db, 'test-city');
    });
    afterEach(async () => dispose());

    const enterValues = () =>
      putMeasureValues(db, city, 'assessments', { by: 'Dana', values: MONTHS.map((period, i) => ({ period, value: VALUES[i] })) });

    it('should take a By-Name List figure’s own definition and compute its values from the list when a measure names only the figure', async () => {
      const m = await createMeasure(db, city, { source: 'bnl:actively_homeless', by: 'Dana' });
      expect(m.slug).toBe('actively-homeless-all');
      expect(m.definition).toMatchObject({ population: 'all', type: 'outcome', improvement: 'down', chart: 'i', frequency: 'monthly', denominator: null });
      // Hand-worked in import-bnl.test.ts: active at each month's end 2, 3, 2, 1.
      const chart = await measureChartFor(db, city, m.slug);
      expect(chart.points.map((p) => [p.period, p.value])).toEqual([['2024-01', 2], ['2024-02', 3], ['2024-03', 2], ['2024-04', 1]]);
      // Inflow is new + returned; outflow is placements + inactive + no longer meeting criteria.
      await createMeasure(db, city, { slug: 'inflow', source: 'bnl:inflow', by: 'Dana' });
      await createMeasure(db, city, { slug: 'outflow', source: 'bnl:outflow', by: 'Dana' });
      expect((await measureChartFor(db, city, 'inflow')).points.map((p) => p.value)).toEqual([2, 2, 0, 1]);
      expect((await measureChartFor(db, city, 'outflow')).points.map((p) => p.value)).toEqual([0, 1, 1, 2]);
    });

    it('should keep every version with who changed it, why and who agreed when a definition changes', async () => {
      await createMeasure(db, city, { source: 'bnl:actively_homeless', population: 'veterans', slug: 'vets', by: 'Dana', agreed_by: ['CoC board'] });
      const v2 = await updateMeasure(db, city, 'vets', { target: 0, owner: 'Veterans lead', by: 'Sam', reason: 'Agreed target at the March review', agreed_by: ['CoC board', 'VA medical center'] });
      expect(v2.version).toBe(2);
      expect(v2.versions.map((v) => [v.version, v.changed_by, v.definition.target, v.agreed_by])).toEqual([
        [1, 'Dana', null, ['CoC board']],
        [2, 'Sam', 0, ['CoC board', 'VA medical center']],
      ]);
      expect(v2.versions[1].reason).toBe('Agreed target at the March review');
      expect((await showMeasure(db, city, 'vets')).definition.owner).toBe('Veterans lead');
      expect((await errorOf(updateMeasure(db, city, 'vets', { target: 1, by: 'Sam' }))).message).toMatch(/"reason" is required/);
      expect((await errorOf(updateMeasure(db, city, 'vets', { target: 0, by: 'Sam', reason: 'again' }))).message).toMatch(/Nothing in the definition/);
      expect((await showMeasure(db, city, 'vets')).versions).toHaveLength(2);
    });

    it('should refuse a definition that cannot be computed or charted honestly, naming the field', async () => {
      expect((await errorOf(createMeasure(db, city, { source: 'bnl:actively_homeless', frequency: 'weekly', by: 'D' }))).message).toMatch(/frequency must be monthly/);
      expect((await errorOf(createMeasure(db, city, { source: 'bnl:actively_homeless', population: 'pirates', by: 'D' }))).message).toMatch(/population "pirates" does not exist/);
      expect((await errorOf(createMeasure(db, city, { source: 'bnl:actively_homeless', chart: 'p', by: 'D' }))).message).toMatch(/p chart needs a share/);
      expect((await errorOf(createMeasure(db, city, { ...manualMeasure, tagret: 3 }))).message).toMatch(/"tagret" is not a field/);
      expect((await errorOf(createMeasure(db, city, { ...manualMeasure, numerator: undefined }))).message).toMatch(/"numerator" is required/);
      expect((await errorOf(createMeasure(db, city, { ...manualMeasure, by: undefined }))).message).toMatch(/"by" is required/);
      expect(await listMeasures(db, city)).toEqual([]);
    });

    it('should store entered values, check their periods, and leave them as they were when a CSV import has a bad line', async () => {
      await createMeasure(db, city, manualMeasure);
      await enterValues();
      expect((await errorOf(putMeasureValues(db, city, 'assessments', { by: 'D', values: [{ period: '2024-13', value: 1 }] }))).message).toMatch(/"values\[1\]\.period" is "2024-13": expected a monthly period/);
      expect((await errorOf(putMeasureValues(db, city, 'assessments', { by: 'D', values: [{ period: '2024-01', value: 1, denominator: 4 }] }))).message).toMatch(/has no denominator/);
      const dir = mkdtempSync(join(tmpdir(), 'zl-values-'));
      writeFileSync(join(dir, 'values.csv'), 'period,value\n2024-01,50\n2024-02,seven\n');
      const e = await errorOf(importMeasureValues(db, city, 'assessments', { source: join(dir, 'values.csv'), name: 'values.csv' }, 'D'));
      expect(e.message).toBe('values.csv, line 3, column value: "seven" is not a number.');
      const chart = await measureChartFor(db, city, 'assessments');
      expect(chart.points.map((p) => p.value)).toEqual(VALUES);
      writeFileSync(join(dir, 'values.csv'), 'note,value,period\nrecount,50,2024-01\n');
      expect((await importMeasureValues(db, city, 'assessments', { source: join(dir, 'values.csv'), name: 'values.csv' }, 'D')).imported).toBe(1);
      expect((await measureChartFor(db, city, 'assessments')).points[0].value).toBe(50);
      expect((await errorOf(putMeasureValues(db, city, 'actively-homeless-all', { by: 'D', values: [{ period: '2024-01', value: 1 }] }))).kind).toBe('not-found');
      await createMeasure(db, city, { source: 'bnl:actively_homeless', by: 'D' });
      expect((await errorOf(putMeasureValues(db, city, 'actively-homeless-all', { by: 'D', values: [{ period: '2024-01', value: 1 }] }))).message).toMatch(/computed from the By-Name List/);
    });

    it('should require a denominator for every value of a share and keep counts within it', async () => {
      await createMeasure(db, city, { ...manualMeasure, slug: 'share', chart: 'p', denominator: 'Outreach contacts in the month', unit: '%' });
      expect((await errorOf(putMeasureValues(db, city, 'share', { by: 'D', values: [{ period: '2024-01', value: 3 }] }))).message).toMatch(/"values\[1\]\.denominator" is required/);
      expect((await errorOf(putMeasureValues(db, city, 'share', { by: 'D', values: [{ period: '2024-01', value: 5, denominator: 4 }] }))).message).toMatch(/from 0 to its denominator 4/);
      await putMeasureValues(db, city, 'share', { by: 'D', values: [{ period: '2024-01', value: 3, denominator: 4 }, { period: '2024-03', value: 1, denominator: 2 }] });
      const chart = await measureChartFor(db, city, 'share');
      // A p chart plots the ratio; the missing February is a gap.
      expect(chart.chart.points.map((p) => p.y)).toEqual([0.75, null, 0.5]);
    });

    it('should run a whole learning cycle: aim, driver diagram, a ramp of two PDSA cycles, the adopted one starting a new phase', async () => {
      await createMeasure(db, city, manualMeasure);
      await enterValues();
      const aim = await createAim(db, city, { statement: 'Twelve completed assessments a month by December 2024', measure: 'assessments', baseline_period: '2024-01', target_value: 12, target_date: '2024-12-31', sustain_periods: 2, by: 'Coach' });
      expect(aim.baseline_value).toBe(5);
      // Latest 12 and 13 before it meet "12 or more"; 9 before them does not: sustained for 2.
      expect(aim.progress).toMatchObject({ status: 'sustained', periods_at_target: 2, latest_period: '2024-12', latest_value: 12 });

      const diagram = await createDiagram(db, city, {
        title: 'Assessments',
        aim_id: aim.id,
        by: 'Coach',
        nodes: [
          { id: 'capacity', kind: 'primary', label: 'Outreach capacity' },
          { id: 'tools', kind: 'secondary', label: 'Tools in the field', serves: ['capacity'] },
        ],
      });
      await putDiagramNode(db, city, diagram.id, { id: 'tablets', kind: 'change_idea', label: 'Tablets with the assessment form', serves: ['tools'], by: 'Coach' });

      const first = await createCycle(db, city, {
        title: 'Tablets for one outreach team',
        owner: 'Lee',
        objective: 'Do tablets help complete assessments in the field?',
        start_date: '2024-04-01',
        change_idea: `${diagram.id}:tablets`,
        measures: ['assessments'],
        team: [{ name: 'Lee', role: 'outreach lead' }, { name: 'Kim', role: 'peer navigator', lived_experience: true }],
        questions: ['Will the team finish more assessments?'],
        predictions: ['Two more a month'],
        by: 'Lee',
      });
      for (const step of [
        { status: 'doing', do: { as_planned: false, observations: 'Battery ran out on long shifts' } },
        { status: 'studying', study: { results: 'One more a month, not two', learned: 'Chargers in the vans' } },
        { status: 'acting', act: { decision: 'adapt', next: 'Add van chargers and try two teams' } },
        { status: 'completed', end_date: '2024-05-15' },
      ])
        await updateCycle(db, city, first.id, { ...step, by: 'Lee' });

      const second = await createCycle(db, city, {
        title: 'Tablets and chargers for two teams',
        owner: 'Lee',
        objective: 'Scale the adapted change',
        start_date: '2024-05-20',
        previous_id: first.id,
        change_idea: `${diagram.id}:tablets`,
        measures: ['assessments'],
        by: 'Lee',
      });
      for (const step of [
        { status: 'doing' },
        { status: 'studying', study: { results: 'Four more a month' } },
        { status: 'acting', act: { decision: 'adopt', new_phase_from: '2024-07', new_phase_reason: 'Every team has tablets and chargers' } },
        { status: 'completed', end_date: '2024-06-28' },
      ])
        await updateCycle(db, city, second.id, { ...step, by: 'Lee' });

      const shown = await showCycle(db, city, second.id);
      expect(shown.ramp).toEqual([first.id, second.id]);
      expect((await showCycle(db, city, first.id)).followed_by).toEqual([second.id]);
      expect((await showCycle(db, city, first.id)).team[1]).toEqual({ name: 'Kim', role: 'peer navigator', lived_experience: true });

      const chart = await measureChartFor(db, city, 'assessments');
      // Run chart medians by hand: part 1 [5,7,6,8,4,6] → (6 + 6) / 2 = 6; part 2 [10,12,11,9,13,12] → (11 + 12) / 2 = 11.5.
      expect(chart.chart.parts.map((p) => [p.part, p.first, p.last, p.cl])).toEqual([[1, 1, 6, 6], [2, 7, 12, 11.5]]);
      expect(chart.phases).toMatchObject([{ starts: '2024-07', reason: 'Every team has tablets and chargers', pdsa_id: second.id, first_point: 7 }]);
      expect(chart.annotations.map((a) => [a.kind, a.period, a.until, a.pdsa_id, a.decision])).toEqual([
        ['pdsa', '2024-04', '2024-05', first.id, 'adapt'],
        ['pdsa', '2024-05', '2024-06', second.id, 'adopt'],
        ['phase', '2024-07', null, second.id, null],
      ]);
      expect((await listCycles(db, city, { measure: 'assessments', status: 'completed' })).map((c) => c.id)).toEqual([first.id, second.id]);
    });

    it('should wait to split the chart until a new phase has two values, rather than break it', async () => {
      await createMeasure(db, city, { ...manualMeasure, chart: 'i' });
      await enterValues();
      // A phase from the last month would leave one point in its part: no limits can come from it.
      await addMeasurePhase(db, city, 'assessments', { starts: '2024-12', reason: 'Too soon to tell', by: 'C' });
      const chart = await measureChartFor(db, city, 'assessments');
      expect(chart.chart.parts).toHaveLength(1);
      expect(chart.phases).toEqual([]);
      expect(chart.annotations.map((a) => [a.kind, a.period])).toEqual([['phase', '2024-12']]);
      // From November it has two, and splits.
      await addMeasurePhase(db, city, 'assessments', { starts: '2024-11', reason: 'Two months in', by: 'C' });
      expect((await measureChartFor(db, city, 'assessments')).chart.parts.map((p) => [p.first, p.last])).toEqual([[1, 10], [11, 12]]);
    });

    it('should move a cycle one stage at a time and refuse what the worksheet does not support', async () => {
      await createMeasure(db, city, manualMeasure);
      const c = await createCycle(db, city, { title: 'T', owner: 'O', objective: 'X', start_date: '2024-02-01', by: 'O' });
      expect((await errorOf(updateCycle(db, city, c.id, { status: 'studying', by: 'O' }))).message).toMatch(/one stage at a time/);
      await updateCycle(db, city, c.id, { status: 'doing', by: 'O' });
      await updateCycle(db, city, c.id, { status: 'studying', by: 'O' });
      await updateCycle(db, city, c.id, { status: 'acting', by: 'O' });
      expect((await errorOf(updateCycle(db, city, c.id, { status: 'completed', by: 'O' }))).message).toMatch(/needs act\.decision/);
      expect((await errorOf(updateCycle(db, city, c.id, { act: { decision: 'adopt', new_phase_from: '2024-03', new_phase_reason: 'r' }, by: 'O' }))).message).toMatch(/at least one measure/);
      expect((await errorOf(updateCycle(db, city, c.id, { end_date: '2024-01-01', by: 'O' }))).message).toMatch(/before start_date/);
      expect((await errorOf(updateCycle(db, city, c.id, { previous_id: c.id, by: 'O' }))).message).toMatch(/previous_id is the cycle itself/);
      expect((await errorOf(updateCycle(db, city, c.id, { measures: ['nope'], by: 'O' }))).message).toMatch(/no measure "nope"/);
      await updateCycle(db, city, c.id, { status: 'abandoned', by: 'O' });
      expect((await errorOf(updateCycle(db, city, c.id, { status: 'doing', by: 'O' }))).message).toMatch(/abandoned: it cannot move/);
      expect((await showCycle(db, city, c.id)).status).toBe('abandoned');
    });

    it('should refuse a PDSA cycle pointing at a driver instead of a change idea, and a diagram node left serving nothing', async () => {
      await createMeasure(db, city, manualMeasure);
      const aim = await createAim(db, city, { statement: 'S', measure: 'assessments', target_value: 10, target_date: '2025-01-01', by: 'C' });
      const d = await createDiagram(db, city, { title: 'D', aim_id: aim.id, by: 'C', nodes: [{ id: 'p', kind: 'primary', label: 'P' }, { id: 's', kind: 'secondary', label: 'S', serves: ['p'] }] });
      expect((await errorOf(createCycle(db, city, { title: 'T', owner: 'O', objective: 'X', start_date: '2024-02-01', change_idea: `${d.id}:p`, by: 'O' }))).message).toMatch(/primary driver, not a change idea/);
      expect((await errorOf(removeDiagramNode(db, city, d.id, 'p'))).message).toMatch(/driver diagram is not valid/);
      expect((await errorOf(createDiagram(db, city, { title: 'D', aim_id: 99, by: 'C' }))).message).toMatch(/no such aim/);
      expect(aim.progress.status).toBe('no_data');
    });

    it('should keep one community’s learning work out of another’s', async () => {
      await createMeasure(db, city, manualMeasure);
      await enterValues();
      await importBnl(db, { dir: bnlFolder(), community: 'other-city' });
      const other = await resolveCommunity(db, 'other-city');
      expect(await listMeasures(db, other)).toEqual([]);
      expect((await errorOf(measureChartFor(db, other, 'assessments'))).kind).toBe('not-found');
      // The same slug is free in the other community, with its own values and ids.
      await createMeasure(db, other, manualMeasure);
      await putMeasureValues(db, other, 'assessments', { by: 'E', values: [{ period: '2023-01', value: 1 }] });
      expect((await measureChartFor(db, city, 'assessments')).points).toHaveLength(12);
      const a1 = await createAim(db, city, { statement: 'A', measure: 'assessments', target_value: 10, target_date: '2025-01-01', by: 'C' });
      const a2 = await createAim(db, other, { statement: 'B', measure: 'assessments', target_value: 10, target_date: '2025-01-01', by: 'C' });
      expect([a1.id, a2.id]).toEqual([1, 1]);
      expect((await showAim(db, other, 1)).statement).toBe('B');
    });
  });
}
