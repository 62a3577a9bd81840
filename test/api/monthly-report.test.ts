import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../helpers/engines.ts';
import { anonymous, buildTestServer, makeUser, signedIn, type Client } from '../helpers/api.ts';
import type { Database } from '../../src/store/database.ts';
import type { Community } from '../../src/store/communities.ts';

import { importBnl } from '../../src/app/import-bnl.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import { createMeasure, putMeasureValues } from '../../src/app/learning/measures.ts';
import { createAim } from '../../src/app/learning/aims.ts';
import { createCycle, updateCycle } from '../../src/app/learning/pdsa.ts';
import { recordDecision } from '../../src/app/learning/decisions.ts';
import { monthlyReport } from '../../src/app/report/monthly-report.ts';
import { HISTORY, PERSONS } from '../app/four-people.ts';

/**
 * The four people of test/app/four-people.ts, worked by hand for the population "all":
 *   month    active  in                     out
 *   2024-01  2       2 new (P1, P2)         —
 *   2024-02  3       2 new (P3, P4)         1 inactive (P2)
 *   2024-03  2       —                      1 housed (P1, 55 days)
 *   2024-04  1       1 back from inactive   2 housed (P3, P4, 74 days each)
 * Functional zero (defaults: floor 3, brief ≤ 45 days, returns ≤ 10% of placements,
 * housing rate over up to 6 months): January and February are reached (≤ 3 active,
 * nobody housed yet, no returns); March fails "brief" (55 days), April too
 * ((55 + 74 + 74) / 3 = 67.7 days). So as of 2024-02: reached for 2 months; as of
 * 2024-04: not reached, 0 months sustained.
 *
 * Learning work on a hand-entered measure "contacts" (values Jan–Jun 10, 12, 14, 16,
 * 30, 40) and the list's "actively homeless — all", and four PDSA cycles:
 *   1 adapt,   2024-01-03 to 2024-01-25 (before March)
 *   2 adopt,   2024-02-05 to 2024-03-20 (finished in March)
 *   3 abandon, 2024-03-10 to 2024-04-20 (running at the end of March)
 *   4 running, from 2024-04-02 (after March)
 * and two decisions on "contacts", of 2024-03-25 and 2024-04-22.
 */
const engine = engines[0];

describe('the monthly report', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let city: Community;
  let member: Client;
  let viewer: Client;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    const dir = mkdtempSync(join(tmpdir(), 'zl-report-'));
    writeFileSync(join(dir, 'persons.csv'), PERSONS);
    writeFileSync(join(dir, 'status-history.csv'), HISTORY);
    await importBnl(db, { dir, community: 'test-city' });
    city = await resolveCommunity(db, 'test-city');

    await createMeasure(db, city, { source: 'bnl:actively_homeless', by: 'Dana' });
    await createMeasure(db, city, { slug: 'contacts', name: 'Outreach contacts', type: 'process', source: 'manual', description: 'd', numerator: 'n', unit: 'contacts', improvement: 'up', chart: 'run', by: 'Dana' });
    const values = [10, 12, 14, 16, 30, 40];
    await putMeasureValues(db, city, 'contacts', { by: 'Dana', values: values.map((value, i) => ({ period: `2024-0${i + 1}`, value })) });
    await createAim(db, city, { statement: 'No one actively homeless by the end of 2024', measure: 'actively-homeless-all', baseline_period: '2024-01', target_value: 0, target_date: '2024-12-31', by: 'Dana' });
    await createAim(db, city, { statement: 'Twenty contacts a month', measure: 'contacts', baseline_period: '2024-01', target_value: 20, target_date: '2024-12-31', by: 'Dana' });

    const cycle = async (title: string, start: string, end: string | null, act: Record<string, string> | null) => {
      const c = await createCycle(db, city, { title, owner: 'Lee', objective: 'o', start_date: start, measures: ['contacts'], by: 'Lee' });
      const steps: Record<string, unknown>[] = [{ status: 'doing' }];
      if (act) steps.push({ status: 'studying', study: { learned: `Learned from ${title}` } }, { status: 'acting', act }, { status: 'completed', end_date: end });
      for (const step of steps) await updateCycle(db, city, c.id, { ...step, by: 'Lee' });
    };
    await cycle('Morning rounds', '2024-01-03', '2024-01-25', { decision: 'adapt', next: 'Try evenings' });
    await cycle('Evening rounds', '2024-02-05', '2024-03-20', { decision: 'adopt', new_phase_from: '2024-03', new_phase_reason: 'Evening rounds for every team' });
    await cycle('Text reminders', '2024-03-10', '2024-04-20', { decision: 'abandon', next: 'Phone calls instead' });
    await cycle('Phone calls', '2024-04-02', null, null);
    for (const [title, decided_on, revisit_on] of [['Keep evening rounds', '2024-03-25', '2024-04-15'], ['Stop text reminders', '2024-04-22', null]])
      await recordDecision(db, city, { title, decided_on, revisit_on, decided_by: 'Steering committee', rationale: 'r', measures: ['contacts'], by: 'Dana' });

    await makeUser(db, 'member', [[city, 'member']]);
    await makeUser(db, 'viewer', [[city, 'viewer']]);
    app = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 100_000, signInPerMinute: 100_000 });
    await app.ready();
    member = await signedIn(app, 'member');
    viewer = await signedIn(app, 'viewer');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('should give the figures of the chosen month, worked by hand, and nothing after it', async () => {
    const r = await monthlyReport(db, city, { month: '2024-03', full: true, today: '2026-12-07' });
    expect(r.month).toBe('2024-03');
    expect(r.months).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    const all = r.populations.find((p) => p.slug === 'all')!;
    expect(all.figures).toMatchObject({ actively_homeless: 2, housing_placements: 1, newly_identified: 0, balanced: true });
    expect(all.functional_zero).toMatchObject({ month: '2024-03', actively_homeless: 2, threshold: 3, reached: false, months_sustained: 0 });
    expect(all.functional_zero!.criteria.map((c) => [c.criterion, c.met])).toEqual([['rare', true], ['brief', false], ['non_recurring', true]]);
    expect([all.balanced_months, all.months]).toEqual([3, 3]);
    expect(all.last_month.slice(0, 3)).toEqual([
      'At the end of 2024-03, 2 people were actively homeless, 1 fewer than in 2024-02.',
      'None came onto the list, and 1 left it (1 moved into housing).',
      'More left than came in: homelessness shrank by 1 this month.',
    ]);
    expect(all.run_chart!.points.map((p) => [p.x, p.y])).toEqual([['2024-01', 2], ['2024-02', 3], ['2024-03', 2]]);
    expect(all.flows.map((f) => [f.month, f.newly_identified, f.moved_to_inactive, f.housing_placements])).toEqual([['2024-01', 2, 0, 0], ['2024-02', 2, 1, 0], ['2024-03', 0, 0, 1]]);

    // Functional zero as of an earlier month is judged from the months up to it.
    const feb = await monthlyReport(db, city, { month: '2024-02', full: true });
    expect(feb.populations.find((p) => p.slug === 'all')!.functional_zero).toMatchObject({ actively_homeless: 3, reached: true, months_sustained: 2 });
    const latest = await monthlyReport(db, city, { full: true });
    expect(latest.month).toBe('2024-04');
    expect(latest.populations.find((p) => p.slug === 'all')!.functional_zero).toMatchObject({ actively_homeless: 1, reached: false, months_sustained: 0 });

    // Aim 1: baseline 2 (2024-01-01) to 0 (2024-12-31); at 2024-03-31 the path is at
    // 2 − 2 × 90/365 = 1.5068, and 2 is above it: off track. At 2024-04-30 it is at
    // 2 − 2 × 120/365 = 1.3425, and 1 is below it: on track.
    const [aim1, aim2] = r.aims;
    expect([aim1.aim.progress.status, aim1.aim.progress.latest_period, aim1.aim.progress.latest_value, aim1.aim.progress.expected_value]).toEqual(['off_track', '2024-03', 2, 1.5068]);
    expect([latest.aims[0].aim.progress.status, latest.aims[0].aim.progress.latest_value, latest.aims[0].aim.progress.expected_value]).toEqual(['on_track', 1, 1.3425]);
    // Aim 2's measure has values to June; as of March only three.
    expect(aim2.chart!.points.map((p) => p.y)).toEqual([10, 12, 14]);
    expect(aim2.aim.progress.latest_value).toBe(14);
    // Cycle 3 was still running at the end of March: no decision yet, its span ends with the month.
    expect(aim2.chart!.annotations.filter((a) => a.kind === 'pdsa').map((a) => [a.pdsa_id, a.period, a.until, a.status, a.decision])).toEqual([
      [1, '2024-01', '2024-01', 'completed', 'adapt'],
      [2, '2024-02', '2024-03', 'completed', 'adopt'],
      [3, '2024-03', '2024-03', 'doing', null],
    ]);

    // Decisions: the one of 2024-03-25 is on March's chart, the one of 2024-04-22 is not.
    expect(aim2.chart!.annotations.filter((a) => a.kind === 'decision').map((a) => [a.period, a.label])).toEqual([['2024-03', 'Keep evening rounds']]);
    expect(latest.aims[1].chart!.annotations.filter((a) => a.kind === 'decision').map((a) => a.label)).toEqual(['Keep evening rounds', 'Stop text reminders']);

    expect(r.cycles.map((c) => [c.id, c.status, c.decision, c.finished_in_month, c.end_date])).toEqual([
      [2, 'completed', 'adopt', true, '2024-03-20'],
      [3, 'doing', null, false, null],
    ]);
    expect(latest.cycles.map((c) => [c.id, c.decision, c.finished_in_month])).toEqual([
      [3, 'abandon', true],
      [4, null, false],
    ]);
    // The log: March lists the decision made in March; April the one made in April, then
    // March's, whose revisit date falls in April.
    expect(r.decisions.map((d) => [d.id, d.made_in_month])).toEqual([[1, true]]);
    expect(latest.decisions.map((d) => [d.id, d.title, d.made_in_month])).toEqual([
      [2, 'Stop text reminders', true],
      [1, 'Keep evening rounds', false],
    ]);
    expect(latest.questions).toContain('Decision D1 (“Keep evening rounds”, 2024-03-25) is due for a second look: does it still hold, given what the data shows now?');
    expect(r.questions.some((q) => q.includes('Decision D'))).toBe(false);
    expect(r.questions).toContain('Aim 1 (“No one actively homeless by the end of 2024”) is off track in 2024-03: what would we test next to move Actively homeless — All?');
    expect(r.questions).toContain('PDSA 2 (“Evening rounds”) was adopted: how do we spread it, and where will next month’s data show it?');
    expect(latest.questions).toContain('PDSA 3 (“Text reminders”) was abandoned: what did we learn, and what do we try instead?');
  });

  it('should serve the report as one HTML page with no figure after the month', async () => {
    const res = await member.call('GET', '/c/test-city/report?month=2024-03');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/html/);
    const html = res.body as string;
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`<h1>${city.name} — monthly report, 2024-03</h1>`);
    for (const h of ['Functional zero at the end of 2024-03', 'Signals that appeared in 2024-03', 'Questions for the meeting', 'Aims, as of 2024-03', 'PDSA cycles in 2024-03', 'Decisions in 2024-03'])
      expect(html).toContain(h);
    expect(html).toContain('<strong>D1: Keep evening rounds</strong> — 2024-03-25, Steering committee.');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    // Inline styles would be dropped by the CSP: the SVGs carry none.
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/<style/);
    // The month selector lists every month; the report itself nothing after March.
    const main = html.slice(html.indexOf('<main'));
    expect(main).not.toMatch(/2024-0[456]/);
    expect(main).not.toContain('abandon');
    expect(main).not.toContain('Phone calls');
    expect(main).not.toContain('Stop text reminders');
    expect(html).toMatch(/<form method="get" action="\/c\/test-city\/report">[\s\S]*<option value="2024-03" selected>/);
    expect(main).toContain('At the end of 2024-03, 2 people were actively homeless, 1 fewer than in 2024-02.');

    const css = await member.call('GET', '/static/app.css');
    expect(css.body).toMatch(/@media print[\s\S]*\.report-toolbar \{ display: none; \}/);
  });

  it('should hide small counts from a viewer', async () => {
    const r = await monthlyReport(db, city, { month: '2024-03', full: false });
    const all = r.populations.find((p) => p.slug === 'all')!;
    // Every count is below the default threshold of 11.
    expect(all.functional_zero).toMatchObject({ actively_homeless: null, distance: null, reached: false, months_sustained: 0 });
    expect(all.figures!.actively_homeless).toBeNull();
    expect(all.run_chart!.suppressed).toMatch(/below 11/);
    expect(all.run_chart!.points.every((p) => p.y === null)).toBe(true);
    expect(all.flows.every((f) => f.housing_placements === null || f.housing_placements === 0)).toBe(true);
    expect(r.aims[0].aim.progress.latest_value).toBeNull();
    expect(r.aims[1].chart!.suppressed).toMatch(/below 11/);

    const res = await viewer.call('GET', '/c/test-city/report?month=2024-03');
    expect(res.status).toBe(200);
    const main = (res.body as string).slice((res.body as string).indexOf('<main'));
    expect(main).toContain('Counts below the community’s small-number threshold are hidden');
    expect(main).toContain('At the end of 2024-03, a small number of people were actively homeless.');
    expect(main).not.toContain('2 people');
    expect(main).toContain('Charts withheld because of small counts are not read for signals here.');
  });

  it('should answer a bad month with 400 and one sentence, and an unknown community with 404', async () => {
    for (const [month, sentence] of [
      ['2024-13', '"2024-13" is not a month: expected YYYY-MM, e.g. 2024-03.'],
      ['March', '"March" is not a month: expected YYYY-MM, e.g. 2024-03.'],
      ['2025-01', 'There are no figures for 2025-01: choose a month from 2024-01 to 2024-04.'],
    ]) {
      const res = await member.call('GET', `/c/test-city/report?month=${month}`);
      expect([month, res.status, res.type]).toEqual([month, 400, expect.stringMatching(/^text\/html/)]);
      expect(res.body).toContain(`<p class="error" role="alert">${sentence.replace(/"/g, '&quot;')}</p>`);
    }
    expect((await member.call('GET', '/c/nowhere/report')).status).toBe(404);
    expect((await anonymous(app).call('GET', '/c/test-city/report')).status).toBe(401);
  });
});
