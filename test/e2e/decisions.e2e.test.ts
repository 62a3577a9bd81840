/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { accessibilityProblems, browserSession, pageFailures, screenshot, signIn, WIDTHS } from './harness.ts';

const TITLE = 'Open the winter shelter two weeks earlier';

describe('the decision log in a real browser', () => {
  const session = browserSession();

  it('should record a decision with its participants, show it, and mark it on the measure’s chart', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = pageFailures(page);
    await signIn(page, session.site, 'admin');
    const chart = async () =>
      (await (await page.request.get(`${session.site.url}/api/communities/demo/measures/actively-homeless/chart`)).json()) as { points: { x: string }[]; annotations: { kind: string; period: string; decision_id: number | null }[] };
    const points = (await chart()).points.map((p) => String(p.x));
    const month = points[points.length - 3];

    await page.getByRole('link', { name: 'Decisions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
    // The demo's log: the steering committee's decisions, with lived experience in them.
    await expect(page.locator('ul.decision-log > li').count()).resolves.toBeGreaterThan(1);
    await page.locator('summary', { hasText: 'Record a decision' }).click();
    const form = page.getByRole('form', { name: 'Record a decision' });
    await form.getByLabel('What was decided').fill(TITLE);
    await form.getByLabel('Decided on').fill(`${month}-12`);
    // Without who decided, the API refuses and the form says why.
    await form.getByLabel('Why').fill('Early cold snaps two winters running; the shelter providers agreed.');
    await form.getByRole('button', { name: 'Record the decision' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toMatch(/"decided_by" is required/);
    await form.getByLabel('Decided by').fill('CoC steering committee');
    await form.getByLabel('Participants').fill('Ana Ruiz, chair\nSam Lee, peer advisor (lived experience)');
    await form.locator('input[name="measures"][value="actively-homeless"]').check();
    await form.getByRole('button', { name: 'Record the decision' }).click();

    await page.getByRole('heading', { level: 1, name: new RegExp(TITLE) }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Decision D\d+ recorded\./);
    const body = await page.locator('dl.worksheet').textContent();
    expect(body).toContain('CoC steering committee');
    expect(body).toContain('Sam Lee (peer advisor) — ◆ lived experience');
    const id = Number(/decisions\/(\d+)/.exec(page.url())![1]);

    // On the measure's chart, at the month it was made, and in the list beside it.
    const marks = (await chart()).annotations.filter((a) => a.kind === 'decision' && a.decision_id === id);
    expect(marks.map((a) => a.period)).toEqual([month]);
    await page.goto(`${session.site.url}/#/demo/measures/actively-homeless`);
    await page.getByRole('link', { name: new RegExp(`^Decision ${id} \\(D${id} on the chart\\): ${TITLE}`) }).waitFor();
    // The chart's own description (ECharts' aria label) names it too.
    await expect(page.locator('.chart-canvas').first().getAttribute('aria-label')).resolves.toContain(`Decision ${id} (${month}): ${TITLE}`);

    // A correction.
    await page.goto(`${session.site.url}/#/demo/decisions/${id}`);
    await page.locator('summary', { hasText: 'Correct this record' }).click();
    const edit = page.getByRole('form', { name: `Correct decision D${id}` });
    await edit.getByLabel('Revisit on').fill('2031-01-15');
    await edit.getByRole('button', { name: 'Save the correction' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Correction saved.');
    await expect(page.locator('dl.worksheet').textContent()).resolves.toContain('2031-01-15');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  for (const size of WIDTHS) {
    it(`should read well and pass axe at ${size.width} px, for editors and viewers`, async () => {
      for (const who of ['admin', 'viewer']) {
        const page = await session.browser.newPage({ viewport: { width: size.width, height: size.height } });
        await signIn(page, session.site, who);
        await page.goto(`${session.site.url}/#/demo/decisions`);
        await page.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        expect(await page.locator('form').count()).toBe(who === 'admin' ? 1 : 0);
        await screenshot(page, `decisions-${who}-${size.name}`);
        expect(await accessibilityProblems(page)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
        await page.locator('ul.decision-log a.card-link').first().click();
        await page.locator('dl.worksheet').waitFor();
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        await screenshot(page, `decision-${who}-${size.name}`);
        expect(await accessibilityProblems(page)).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
        await page.close();
      }
    }, 120_000);
  }
});
