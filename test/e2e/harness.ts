/// <reference lib="dom" />
import { afterAll, beforeAll } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { engines } from '../helpers/engines.ts';
import { buildTestServer, makeUser, TEST_PASSWORD } from '../helpers/api.ts';
import { loadDemo } from '../../src/app/demo.ts';
import { resolveCommunity } from '../../src/app/community.ts';
import type { Database } from '../../src/store/database.ts';

export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
export const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Debian's Chromium, never a downloaded browser; flags from ../shared/design/architecture.md (Playwright gives each launch a fresh profile). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Site {
  db: Database;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** The small demo city on a real port, with one account per role. */
export async function startSite(): Promise<Site> {
  const { db, dispose } = await engines[0].open();
  await loadDemo(db, { size: 'small', seed: 5 });
  const demo = await resolveCommunity(db, 'demo');
  await makeUser(db, 'admin', [[demo, 'admin']]);
  await makeUser(db, 'viewer', [[demo, 'viewer']]);
  const app = buildTestServer(db, { loading: null, loadError: null }, { expensivePerMinute: 100_000, signInPerMinute: 100_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    db,
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

export async function signIn(page: Page, site: Site, username: string): Promise<void> {
  await page.goto(`${site.url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The app puts the community and page in the address once it has started.
  await page.waitForFunction(() => location.hash.startsWith('#/'), undefined, { timeout: 30_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  // And what a person sees first, without scrolling.
  await page.screenshot({ path: join(ARTIFACTS, `${name}-first-screen.png`) });
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

/**
 * The demo site and a browser for one describe block: started before its tests (then
 * `prepare`, for data a file needs), closed after them. Read `site` and `browser` inside tests.
 */
export function browserSession(prepare?: (site: Site) => Promise<void>): { readonly site: Site; readonly browser: Browser } {
  let site: Site | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    site = await startSite();
    if (prepare) await prepare(site);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    get site() {
      if (!site) throw new Error('the site is not started yet: read session.site inside a test');
      return site;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet: read session.browser inside a test');
      return browser;
    },
  };
}

/**
 * Collects a page's failures as they happen: script errors and server errors (5xx). With
 * `strict`, also console errors (but the sign-in page's /favicon.ico, which a fresh browser asks
 * for) and every 4xx, for pages that must make no failed request at all; refusals a test
 * provokes on purpose are otherwise part of the test, not failures.
 */
export function pageFailures(page: Page, options: { strict?: boolean } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.strict) {
    page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && errors.push(`${m.text()} (${m.location().url})`));
  }
  const worst = options.strict ? 400 : 500;
  page.on('response', (r) => r.status() >= worst && errors.push(`${r.status()} ${r.url()}`));
  return errors;
}
