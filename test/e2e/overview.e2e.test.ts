/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { accessibilityProblems, browserSession, screenshot, signIn, WIDTHS } from './harness.ts';

describe('the overview in a real browser', () => {
  const session = browserSession();

  for (const size of WIDTHS) {
    it(`should show every population's functional-zero status, charts and last month at ${size.width} px`, async () => {
      const page = await session.browser.newPage({ viewport: { width: size.width, height: size.height } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
      await signIn(page, session.site, 'admin');
      await page.getByRole('heading', { level: 1, name: /Demo City: where we stand in \d{4}-\d{2}/ }).waitFor();
      for (const name of ['All', 'Veterans', 'Chronic']) await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${name}`) }).count()).resolves.toBeGreaterThan(0);
      await page.locator('#pop-veterans canvas').first().waitFor();
      await expect(page.locator('#pop-all .sentences li').first().textContent()).resolves.toMatch(/^At the end of \d{4}-\d{2}, [\d,]+ people were actively homeless/);
      await expect(page.getByRole('img', { name: /^Actively homeless — All\. / }).count()).resolves.toBe(1);
      await screenshot(page, `overview-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      // Nothing on the page may need more width than the phone has.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }

  it('should hide small counts from a viewer and download a chart as SVG', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await signIn(page, session.site, 'viewer');
    await page.getByText(/Counts below the community’s small-number threshold are hidden/).waitFor();
    await page.locator('#pop-all canvas').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#pop-all figure').first().getByRole('button', { name: 'SVG' }).click()]);
    expect(download.suggestedFilename()).toBe('demo-all-actively-homeless.svg');
    const svg = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(svg).toString('utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    await page.close();
  }, 120_000);
});
