/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityProblems, ARTIFACTS, browserSession, pageFailures, screenshot, signIn, WIDTHS } from './harness.ts';

/** From the overview, one click: the report of the month the overview shows. */
async function openReport(page: Page): Promise<string> {
  const h1 = page.getByRole('heading', { level: 1, name: /: where we stand in \d{4}-\d{2}/ });
  await h1.waitFor();
  const month = /(\d{4}-\d{2})$/.exec((await h1.textContent()) ?? '')![1];
  await page.getByRole('link', { name: 'Monthly report' }).click();
  await page.getByRole('heading', { level: 1, name: `Demo City — monthly report, ${month}` }).waitFor();
  return month;
}

describe('the monthly report in a real browser', () => {
  const session = browserSession();

  for (const size of WIDTHS) {
    it(`should open from the overview with one click and read well at ${size.width} px`, async () => {
      const page = await session.browser.newPage({ viewport: { width: size.width, height: size.height } });
      const errors = pageFailures(page, { strict: true });
      await signIn(page, session.site, 'admin');
      const month = await openReport(page);
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/c/demo/report?month=${month}`);
      for (const name of [`Functional zero at the end of ${month}`, `Signals that appeared in ${month}`, 'Questions for the meeting', 'All', 'Veterans', `Aims, as of ${month}`, `PDSA cycles in ${month}`])
        await expect(page.getByRole('heading', { level: 2, name, exact: true }).count()).resolves.toBe(1);
      await expect(page.locator('.questions li').count()).resolves.toBeGreaterThan(0);
      // The charts are inline SVG drawn on the server, with their own accessible names.
      await expect(page.getByRole('img', { name: /^Actively homeless — All Run chart of Actively homeless — All \(people\)/ }).count()).resolves.toBe(1);
      await expect(page.locator('figure.report-chart svg').count()).resolves.toBeGreaterThan(4);
      await screenshot(page, `report-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  }

  it('should print to PDF without the navigation, a section per page with its running header', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, session.site, 'admin');
    const month = await openReport(page);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.report-toolbar').isVisible()).resolves.toBe(false);
    await expect(page.locator('.print-head').nth(1).textContent()).resolves.toMatch(new RegExp(`^Demo City · Monthly report, ${month} · generated \\d{4}-\\d{2}-\\d{2}$`));
    // Every chart fits the printable width of A4 (210 mm − 2 × 14 mm margins = 182 mm ≈ 688 CSS px).
    const widest = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('figure.report-chart svg')).map((s) => s.getBoundingClientRect().width)));
    expect(widest).toBeGreaterThan(0);
    await page.setViewportSize({ width: 688, height: 1000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await screenshot(page, 'report-print');
    // One printed section each: a population's page and the aims.
    await page.locator('#pop-all').screenshot({ path: join(ARTIFACTS, 'report-print-population.png') });
    await page.locator('section[aria-labelledby=h-aims]').screenshot({ path: join(ARTIFACTS, 'report-print-aims.png') });
    await page.locator('section[aria-labelledby=h-pdsa]').screenshot({ path: join(ARTIFACTS, 'report-print-pdsa.png') });
    const pdfPath = join(ARTIFACTS, 'report.pdf');
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const pdf = readFileSync(pdfPath, 'latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    // A summary page, a page per population, the aims and the PDSA cycles.
    const pages = pdf.match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(8);
    await page.close();
  }, 180_000);

  it('should show a viewer small counts hidden, and change month with the selector', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = pageFailures(page, { strict: true });
    await signIn(page, session.site, 'viewer');
    const month = await openReport(page);
    await page.getByText('Counts below the community’s small-number threshold are hidden').waitFor();
    const options = await page.locator('select[name=month] option').allTextContents();
    const earlier = options[options.indexOf(month) + 3];
    await page.getByRole('combobox', { name: 'Month' }).selectOption(earlier);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('heading', { level: 1, name: `Demo City — monthly report, ${earlier}` }).waitFor();
    // Nothing from the months after the chosen one: not in the charts (their labels and descriptions), the sentences, the questions or the cycles.
    // (The aims' target dates may well be later: they are targets, not figures.)
    const shown = (await page.locator('figure.report-chart, .sentences, .questions, section[aria-labelledby=h-summary], section[aria-labelledby=h-pdsa]').allTextContents()).join('\n');
    expect(shown).toContain(earlier);
    for (const later of options.slice(0, options.indexOf(earlier))) expect(shown).not.toContain(later);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
