/// <reference lib="dom" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityProblems, browserSession, screenshot, signIn, type Site, WIDTHS } from './harness.ts';
import { makeZip } from '../ingest/hmis/zip-writer.ts';
import { createCommunity } from '../../src/store/communities.ts';
import { AccountStore } from '../../src/store/accounts.ts';

const SAMPLE = fileURLToPath(new URL('../../../shared/data/hmis-sample-fy2024', import.meta.url));

/** Nothing on the page may need more width than the screen has. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Opens a page of the app and collects what goes wrong in it. */
async function open(browser: Browser, site: Site, who: string, width: (typeof WIDTHS)[number]) {
  const page = await browser.newPage({ viewport: { width: width.width, height: width.height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await signIn(page, site, who);
  // The first page drawn (the overview) finishes before the test goes elsewhere.
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor({ state: 'detached' });
  return { page, errors };
}

describe('the Data and By-Name List pages in a real browser', () => {
  const session = browserSession(async (site) => {
    // The demo keeps its list as CSV files and refuses an HMIS export: import into a new community.
    const river = await createCommunity(site.db, 'river', 'River County');
    const accounts = new AccountStore(site.db);
    await accounts.setRole(river.communityId, (await accounts.userByName('admin'))!.user_id, 'admin');
  });
  let importId = 0;

  it('should upload an HMIS export with a real progress bar and show its import report', async () => {
    const { page, errors } = await open(session.browser, session.site, 'admin', WIDTHS[0]);
    await page.goto(`${session.site.url}/#/river/data`);
    await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Pages' });
    await expect(menu.getByRole('link', { name: 'Data' }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(menu.getByRole('link', { name: 'By-Name List' }).count()).resolves.toBe(1);
    await page.getByText('Nothing has been imported into River County yet.').waitFor();
    await screenshot(page, 'data-empty-desktop');
    expect(await accessibilityProblems(page)).toEqual([]);

    // Every state the progress bar goes through, as the page draws it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('#upload-progress');
        const status = bar?.closest('[role="status"]');
        if (bar && status && !status.hasAttribute('hidden')) seen.push(`${bar.getAttribute('value') ?? 'indeterminate'}/${bar.getAttribute('max')} ${status.textContent}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const zip = makeZip(readdirSync(SAMPLE).map((name) => ({ name, data: readFileSync(join(SAMPLE, name)) })));
    await page.getByLabel('HMIS CSV export (a .zip of its CSV files)').setInputFiles({ name: 'hmis-sample-fy2024.zip', mimeType: 'application/zip', buffer: zip });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByText(/importing…/).waitFor();
    await screenshot(page, 'data-importing-desktop');
    const heading = page.getByRole('heading', { level: 2, name: /^Import \d+: succeeded$/ });
    await heading.waitFor({ timeout: 180_000 });
    importId = Number(/\d+/.exec((await heading.textContent())!)![0]);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const mb = `${(zip.length / 1024 ** 2).toFixed(1)} MB`;
    // The bar counts bytes while the zip is sent, then turns indeterminate while the server imports it.
    expect(seen[0]).toBe(`0/${zip.length} Upload0.0 MB of ${mb} sent`);
    expect(seen).toContain(`indeterminate/${zip.length} Importing${mb} sent; importing…`);

    // The report: rows per file, and the problems of each file grouped by rule with their examples.
    const files = page.getByRole('table', { name: /^Rows per file/ });
    await expect(files.getByRole('row', { name: /^Client\.csv / }).textContent()).resolves.toBe('Client.csv4,1464,1460! 4,146');
    const rule = page.locator('details', { hasText: 'datetime-format in DateUpdated' });
    await expect(rule.locator('summary').textContent()).resolves.toBe('! Warning datetime-format in DateUpdated — found 4,146 times (the first 20 shown)');
    const examples = rule.getByRole('table', { name: 'Client.csv: datetime-format, the first 20 examples of 4,146' });
    await expect(rule.locator('.rule-message').textContent()).resolves.toBe('DateUpdated is not a timestamp YYYY-MM-DD HH:MM:SS; it is loaded as unknown.');
    await expect(examples.getByRole('row').nth(1).textContent()).resolves.toBe('2DateUpdated03-11-21');
    await expect(examples.getByRole('row').count()).resolves.toBe(21);
    await page.getByRole('table', { name: /^Imports into River County/ }).getByRole('link', { name: `Report ${importId}` }).waitFor();
    await screenshot(page, 'data-uploaded-desktop');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('should upload By-Name List files as a form and show their import report', async () => {
    const { page, errors } = await open(session.browser, session.site, 'admin', WIDTHS[1]);
    await page.goto(`${session.site.url}/#/demo/data`);
    await page.getByRole('heading', { level: 2, name: 'Import By-Name List files' }).waitFor();
    // Two people new to the demo's list: N1 stays active, N2 is housed (IDs the demo does not use).
    await page.getByLabel('persons.csv').setInputFiles({ name: 'persons.csv', mimeType: 'text/csv', buffer: Buffer.from('person_id,birth_date,veteran\nzz-new-1,1980-02-02,yes\nzz-new-2,1990-03-03,no\n') });
    await page
      .getByLabel('status-history.csv')
      .setInputFiles({ name: 'status-history.csv', mimeType: 'text/csv', buffer: Buffer.from('person_id,date,status\nzz-new-1,2024-01-05,active\nzz-new-2,2024-01-06,active\nzz-new-2,2024-02-10,housed\n') });
    await page.getByRole('button', { name: 'Upload the files and import' }).click();
    const heading = page.getByRole('heading', { level: 2, name: /^Import \d+: succeeded$/ });
    await heading.waitFor({ timeout: 120_000 });
    const files = page.getByRole('table', { name: /^Rows per file/ });
    await expect(files.getByRole('row', { name: /^persons\.csv / }).textContent()).resolves.toMatch(/^persons\.csv22/);
    await expect(files.getByRole('row', { name: /^status-history\.csv / }).textContent()).resolves.toMatch(/^status-history\.csv33/);
    await page.getByRole('table', { name: /^Imports into Demo City/ }).getByRole('cell', { name: 'files uploaded by admin' }).first().waitFor();
    await screenshot(page, 'data-bnl-uploaded-phone');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  for (const size of WIDTHS) {
    it(`should read an import report, filter the By-Name List and open a timeline at ${size.width} px`, async () => {
      expect(importId, 'the upload test ran first').toBeGreaterThan(0);
      const { page, errors } = await open(session.browser, session.site, 'admin', size);

      // The history, and a report at its own address.
      await page.goto(`${session.site.url}/#/river/data`);
      await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
      await page.getByRole('table', { name: /^Imports into River County/ }).waitFor();
      await screenshot(page, `data-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.getByRole('link', { name: `Report ${importId}` }).click();
      await page.waitForFunction((id) => location.hash === `#/river/data/${id}`, importId);
      await page.getByRole('heading', { level: 1, name: `Import ${importId}` }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Report: succeeded' }).waitFor();
      await expect(page.getByRole('table', { name: /^Rows per file/ }).getByRole('row', { name: /^Client\.csv / }).textContent()).resolves.toMatch(/^Client\.csv4,146/);
      await page.getByRole('table', { name: /^Client\.csv: datetime-format/ }).getByRole('cell', { name: '03-11-21' }).waitFor();
      await screenshot(page, `data-report-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow(page)).toBeLessThanOrEqual(0);

      // The demo's list: veterans who are active.
      await page.goto(`${session.site.url}/#/demo/people`);
      await page.getByRole('heading', { level: 1, name: 'By-Name List' }).waitFor();
      await page.getByText(/^Person-level records\. .*recorded in the audit log\.$/).waitFor();
      const everyone = page.getByText(/^[\d,]+ people on the list — All, as of \d{4}-\d{2}-\d{2}\.$/);
      await everyone.waitFor();
      const all = (await everyone.textContent())!.split(' ')[0];
      // Paging: the next page, with the same total.
      await page.getByRole('navigation', { name: 'Pages of the list' }).getByRole('button', { name: 'Next ›' }).click();
      await page.getByRole('table', { name: `All: 51–100 of ${all}` }).waitFor();
      await expect(page.getByRole('navigation', { name: 'Pages of the list' }).textContent()).resolves.toMatch(new RegExp(`51–100 of ${all}page 2 of \\d+`));
      await screenshot(page, `people-all-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.getByLabel('Population').selectOption({ label: 'Veterans' });
      await page.getByLabel('Status').selectOption({ label: 'Active' });
      await page.getByRole('button', { name: 'Show' }).click();
      const count = page.getByText(/^\d+ (person|people) on the list — Veterans, active, as of /);
      await count.waitFor();
      const n = Number(/^\d+/.exec((await count.textContent())!)![0]);
      expect(n).toBeGreaterThan(0);
      const table = page.getByRole('table', { name: /^Veterans, active: 1–\d+ of \d+$/ });
      const rows = table.locator('tbody tr');
      await expect(rows.count()).resolves.toBe(Math.min(n, 50));
      for (const status of await table.locator('tbody td[data-label="Status"]').allTextContents()) expect(status).toBe('Active');
      for (const veteran of await table.locator('tbody td[data-label="Veteran"]').allTextContents()) expect(veteran).toBe('Yes');
      await screenshot(page, `people-list-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow(page)).toBeLessThanOrEqual(0);

      // One person's timeline, with where every entry came from.
      const person = (await rows.first().getByRole('link').textContent())!;
      await rows.first().getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: `Person ${person}` }).waitFor();
      await page.getByText(/^Person-level records\./).waitFor();
      const changes = page.getByRole('table', { name: /changes? of overall status, oldest first$/ });
      await expect(changes.locator('tbody td[data-label="Source"]').first().textContent()).resolves.toMatch(/^status-history\.csv:\d+$/);
      await page.getByRole('heading', { level: 3, name: 'Veterans: Active' }).waitFor();
      const events = page.getByRole('table', { name: 'Events in Veterans, and what each counted as' });
      await expect(events.locator('tbody td[data-label="Counted as"]').first().textContent()).resolves.toBe('Newly identified');
      await expect(events.locator('tbody td[data-label="Source"]').first().textContent()).resolves.toMatch(/^status-history\.csv:\d+/);
      await screenshot(page, `people-timeline-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow(page)).toBeLessThanOrEqual(0);

      // Back to the list: the filters are as they were.
      await page.getByRole('link', { name: '← Back to the list' }).click();
      await count.waitFor();
      await expect(page.getByLabel('Status').inputValue()).resolves.toBe('active');
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }

  for (const size of WIDTHS) {
    it(`should keep person-level pages from a viewer at ${size.width} px`, async () => {
      const { page } = await open(session.browser, session.site, 'viewer', size);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const menu = await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
      expect(menu).toContain('Overview');
      expect(menu).not.toContain('Data');
      expect(menu).not.toContain('By-Name List');
      await page.goto(`${session.site.url}/#/demo/people`);
      await expect(page.getByRole('alert').textContent()).resolves.toBe(
        'This page shows person-level records: only data stewards and admins of Demo City can see it. Your role here is viewer.',
      );
      await screenshot(page, `people-refused-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.goto(`${session.site.url}/#/demo/data`);
      await page.getByRole('alert').filter({ hasText: 'This page holds person-level data' }).waitFor();
      // The API refuses too, whatever the page shows.
      const status = await page.evaluate(async () => (await fetch('/api/communities/demo/people')).status);
      expect(status).toBe(403);
      await page.close();
    }, 120_000);
  }
});
