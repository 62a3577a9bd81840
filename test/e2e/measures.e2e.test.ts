/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { accessibilityProblems, browserSession, screenshot, signIn, WIDTHS } from './harness.ts';

describe('the measures pages in a real browser', () => {
  const session = browserSession();

  for (const size of WIDTHS) {
    it(`should list the measures and show one with its chart, signals and PDSA cycles at ${size.width} px`, async () => {
      const page = await session.browser.newPage({ viewport: { width: size.width, height: size.height } });
      await signIn(page, session.site, 'admin');
      await page.goto(`${session.site.url}/#/demo/measures`);
      await page.getByRole('heading', { level: 1, name: 'Measures' }).waitFor();
      await page.getByRole('link', { name: 'Actively homeless — All', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Actively homeless — All' }).waitFor();
      await page.locator('figure.chart canvas').first().waitFor();
      // The demo's adopted changes started phases on this measure, each with its PDSA cycle.
      await expect(page.getByText(/^New phase from \d{4}-\d{2}: Adopted: /).count()).resolves.toBeGreaterThanOrEqual(2);
      await expect(page.getByRole('link', { name: /^PDSA \d+: Landlord engagement program: every team$/ }).count()).resolves.toBe(1);
      await screenshot(page, `measure-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.goto(`${session.site.url}/#/demo/measures`);
      await page.getByRole('heading', { level: 1, name: 'Measures' }).waitFor();
      await screenshot(page, `measures-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.close();
    }, 120_000);
  }

  it('should switch rule sets, add a value by hand and start a phase', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, session.site, 'admin');
    await page.goto(`${session.site.url}/#/demo/measures/assessments-completed`);
    await page.locator('figure.chart canvas').first().waitFor();
    await page.getByLabel('Signal rules').selectOption('ihi');
    const chartResponse = page.waitForResponse((r) => r.url().includes('/measures/assessments-completed/chart?rules=ihi'));
    await page.getByRole('button', { name: 'Redraw' }).click();
    expect((await (await chartResponse).json()).rules).toBe('ihi');

    await page.getByLabel('Period', { exact: true }).fill('2026-01');
    await page.getByLabel('Value', { exact: true }).fill('90');
    await page.getByLabel(/^Denominator/).fill('120');
    await page.getByRole('button', { name: 'Save the value' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outreach contacts with a completed assessment' }).waitFor();
    const values = await page.request.get(`${session.site.url}/api/communities/demo/measures/assessments-completed/values`);
    expect((await values.json()).find((v: { period: string }) => v.period === '2026-01')).toMatchObject({ value: 90, denominator: 120, entered_by: 'admin' });

    await page.getByLabel('From period').fill('2025-06');
    await page.getByLabel('Why', { exact: true }).fill('New outreach schedule');
    await page.getByRole('button', { name: 'Start the phase' }).click();
    await page.getByText('New phase from 2025-06: New outreach schedule').waitFor();

    // A refusal is one sentence beside the form, and nothing changes.
    await page.getByLabel('Period', { exact: true }).fill('2026-13');
    await page.getByLabel('Value', { exact: true }).fill('1');
    await page.getByLabel(/^Denominator/).fill('2');
    await page.getByRole('button', { name: 'Save the value' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /2026-13/ }).textContent()).resolves.toMatch(/expected a monthly period/);
    await page.close();
  }, 120_000);
});
