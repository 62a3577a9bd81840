/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { browserSession, signIn } from './harness.ts';

describe('moving between pages in a real browser', () => {
  const session = browserSession();

  it('should keep the page the reader moved to when the page they left finishes loading later', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    let release: () => void = () => undefined;
    const overviewHeld = new Promise<void>((resolve) => (release = resolve));
    let overviewAsked = false;
    // The overview's figures arrive only after the reader has gone on to the aims.
    await page.route('**/api/communities/demo/overview', async (route) => {
      overviewAsked = true;
      await overviewHeld;
      await route.continue();
    });
    await signIn(page, session.site, 'admin');
    await page.waitForFunction(() => location.hash === '#/demo/overview');
    await expect.poll(() => overviewAsked, { timeout: 30_000 }).toBe(true);
    await page.evaluate(() => (location.hash = '#/demo/aims'));
    await page.getByRole('heading', { level: 1, name: 'Aims & drivers' }).waitFor();
    release();
    await page.waitForResponse('**/api/communities/demo/overview');
    await page.waitForTimeout(1000);
    await expect(page.getByRole('heading', { level: 1, name: 'Aims & drivers' }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { level: 1, name: /where we stand/ }).count()).resolves.toBe(0);
    await page.close();
  }, 120_000);
});
