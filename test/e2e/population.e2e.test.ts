/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { accessibilityProblems, browserSession, screenshot, signIn, WIDTHS } from './harness.ts';

describe('a population in depth, in a real browser', () => {
  const session = browserSession();

  for (const size of WIDTHS) {
    it(`should drill into veterans by race and ethnicity from the overview at ${size.width} px`, async () => {
      const page = await session.browser.newPage({ viewport: { width: size.width, height: size.height } });
      await signIn(page, session.site, 'admin');
      await page.getByRole('heading', { level: 2, name: 'Veterans' }).getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: /^Veterans: \d{4}-\d{2}$/ }).waitFor();
      const race = page.getByRole('region', { name: 'Race and ethnicity' });
      await expect(race.getByRole('rowheader').allTextContents()).resolves.toEqual(expect.arrayContaining(['Multiracial (two or more categories)', 'White', 'Black, African American, or African', 'Unknown (not recorded)']));
      await expect(race.getByRole('columnheader', { name: 'Representation ratio' }).count()).resolves.toBe(1);
      await page.locator('figure.chart canvas').first().waitFor();
      await screenshot(page, `population-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.close();
    }, 120_000);
  }

  it('should show a viewer the same tables with small counts hidden', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, session.site, 'viewer');
    await page.goto(`${session.site.url}/#/demo/population/veterans`);
    await page.getByText(/^Counts from 1 to 10 are hidden/).waitFor();
    const cells = await page.getByRole('region', { name: 'Race and ethnicity' }).locator('td.num').allTextContents();
    for (const c of cells) if (/^\d+$/.test(c)) expect(Number(c) === 0 || Number(c) >= 11, c).toBe(true);
    expect(cells).toContain('hidden');
    await page.close();
  }, 120_000);
});
