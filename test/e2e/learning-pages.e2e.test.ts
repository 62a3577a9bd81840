/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityProblems, browserSession, pageFailures, screenshot, signIn, type Site, WIDTHS } from './harness.ts';

interface ChartJson {
  points: { x: string | number }[];
  phases: { starts: string; pdsa_id: number | null; reason: string }[];
  annotations: { kind: string; pdsa_id: number | null; status: string | null; decision: string | null; period: string }[];
}

const STATEMENT = 'Halve the number of people actively homeless by 2030-12-31, through faster landlord matches.';
const DIAGRAM = 'What gets landlords to say yes';
const PRIMARY = 'Landlords say yes faster';
const IDEA = 'A landlord liaison on call every weekday';
const CYCLE = 'Landlord liaison: a two-week test';

/** Opens every disclosure (new aim, add a node, new cycle, team…), so axe and the screenshots see the forms. */
async function openEveryForm(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
}

async function go(page: Page, site: Site, hash: string): Promise<void> {
  await page.goto(`${site.url}/${hash}`);
}

describe('aims, driver diagrams and PDSA cycles in a real browser', () => {
  const session = browserSession();
  let cycleId = 0;

  it('should create an aim with a driver diagram, test its change idea in a PDSA cycle, adopt it, and show the new phase on the chart from the latest month that can start one', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = pageFailures(page);
    await signIn(page, session.site, 'admin');
    const chart = async () => (await (await page.request.get(`${session.site.url}/api/communities/demo/measures/actively-homeless/chart`)).json()) as ChartJson;
    const points = (await chart()).points.map((p) => String(p.x));
    const latest = points[points.length - 1];
    // A new phase from the latest month would leave the I chart a part of one point,
    // which the chart cannot draw (nor, then, any aim on the measure): the page offers
    // the latest period that leaves two, the month before.
    const phaseFrom = points[points.length - 2];
    const baseline = points[points.length - 13];

    // The aim.
    await page.getByRole('link', { name: 'Aims & drivers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aims & drivers' }).waitFor();
    await page.locator('summary', { hasText: 'New aim' }).click();
    const aimForm = page.getByRole('form', { name: 'New aim' });
    await aimForm.getByLabel('Statement').fill(STATEMENT);
    await aimForm.getByLabel('Measure').selectOption('actively-homeless');
    await aimForm.getByLabel('Baseline period').fill(baseline);
    await aimForm.getByLabel('Target date').fill('2030-12-31');
    // Without a target value the API refuses, and says why next to the form.
    await aimForm.getByRole('button', { name: 'Create the aim' }).click();
    await expect(aimForm.getByRole('alert').textContent()).resolves.toMatch(/target_value.*required/);
    await aimForm.getByLabel('Target value').fill('100');
    await aimForm.getByRole('button', { name: 'Create the aim' }).click();
    const aim = page.locator('section.learn-aim', { has: page.getByRole('heading', { level: 2, name: STATEMENT }) });
    await aim.waitFor();
    await expect(aim.locator('.aim-status').textContent()).resolves.toMatch(/^(✓✓ Sustained|✓ Achieved|↗ On track|⚠ Off track|○ No data yet) — \S.*\.$/);
    await expect(aim.locator('dl.facts').textContent()).resolves.toContain(`in ${baseline}`);

    // Its driver diagram, with a primary driver and a change idea.
    await aim.locator('summary', { hasText: 'New driver diagram' }).click();
    await aim.getByLabel('Title').fill(DIAGRAM);
    await aim.getByRole('button', { name: 'Create the diagram' }).click();
    const diagram = aim.locator('section.learn-diagram', { has: page.getByRole('heading', { level: 3, name: `Driver diagram: ${DIAGRAM}` }) });
    await diagram.getByText('No drivers yet.').first().waitFor();
    const addNode = async (kind: string, label: string, serves: string[]) => {
      // The form stays open after a node is added, for the next one.
      if ((await diagram.locator('details:has(summary:has-text("Add a node"))').getAttribute('open')) === null) await diagram.locator('summary', { hasText: 'Add a node' }).click();
      const form = diagram.getByRole('form', { name: /^Add a node/ });
      await form.getByLabel('Kind').selectOption({ label: kind });
      await form.getByLabel('Label').fill(label);
      for (const s of serves) await form.getByRole('checkbox', { name: new RegExp(`^${s}`) }).check();
      await form.getByRole('button', { name: 'Add the node' }).click();
      return form;
    };
    await addNode('Primary driver', PRIMARY, []);
    await diagram.getByRole('heading', { level: 4, name: `Primary driver: ${PRIMARY}` }).waitFor();
    await expect(diagram.getByRole('status').textContent()).resolves.toContain(`Saved the primary driver “${PRIMARY}”`);
    // A secondary driver must serve a primary driver: the API's sentence is shown.
    const refused = await addNode('Secondary driver', 'Serves nothing', []);
    await expect(refused.getByRole('alert').textContent()).resolves.toMatch(/serves nothing; expected it to serve one or more primary drivers/);
    await addNode('Change idea', IDEA, [PRIMARY]);
    const primaryItem = diagram.locator('li.node.primary', { hasText: PRIMARY });
    await primaryItem.locator('li.node.change', { hasText: `Change idea: ${IDEA}` }).waitFor();
    await expect(diagram.getByRole('link', { name: 'Download the diagram (SVG)' }).getAttribute('href')).resolves.toMatch(/^\/api\/communities\/demo\/driver-diagrams\/\d+\/svg$/);
    const diagrams = (await (await page.request.get(`${session.site.url}/api/communities/demo/driver-diagrams`)).json()) as { id: number; title: string; nodes: { id: string; label: string }[] }[];
    const saved = diagrams.find((d) => d.title === DIAGRAM)!;
    const ideaRef = `${saved.id}:${saved.nodes.find((n) => n.label === IDEA)!.id}`;

    // A PDSA cycle testing the change idea on the measure.
    await page.getByRole('link', { name: 'PDSA cycles' }).click();
    await page.getByRole('heading', { level: 1, name: 'PDSA cycles' }).waitFor();
    await page.locator('summary', { hasText: 'New cycle' }).click();
    const cycleForm = page.getByRole('form', { name: 'New cycle' });
    await cycleForm.getByLabel('Title').fill(CYCLE);
    await cycleForm.getByLabel('Owner').fill('Housing navigation lead');
    await cycleForm.getByLabel('Objective').fill('Learn whether a liaison on call gets landlords to say yes within a week.');
    await cycleForm.getByLabel('Start date').fill(`${latest}-02`);
    await cycleForm.locator('input[name="measures"][value="actively-homeless"]').check();
    await cycleForm.getByLabel('Change idea').selectOption(ideaRef);
    await cycleForm.getByRole('button', { name: 'Create the cycle' }).click();
    await page.getByRole('heading', { level: 1, name: CYCLE }).waitFor();
    cycleId = Number(/#\/demo\/pdsa\/(\d+)$/.exec(page.url())![1]);
    expect(cycleId).toBeGreaterThan(0);
    await expect(page.locator('ol.pdsa-stages [aria-current="step"]').textContent()).resolves.toContain('Planning');

    const stage = page.locator('section.pdsa-stage');
    await stage.getByLabel('Who').fill('One liaison, the landlord team');
    await stage.getByLabel('Predictions').fill('Half of the landlords answer within a week.');
    await stage.getByRole('button', { name: 'Save and move to doing' }).click();
    await page.locator('ol.pdsa-stages [aria-current="step"]', { hasText: 'Doing' }).waitFor();
    await stage.getByRole('radio', { name: 'Yes' }).check();
    await stage.getByLabel('Observations').fill('Landlords called back the same day.');
    await stage.getByRole('button', { name: 'Save and move to studying' }).click();
    await page.locator('ol.pdsa-stages [aria-current="step"]', { hasText: 'Studying' }).waitFor();
    await stage.getByLabel('What was learned').fill('A named person matters more than the form.');
    await stage.getByRole('button', { name: 'Save and move to acting' }).click();
    await page.locator('ol.pdsa-stages [aria-current="step"]', { hasText: 'Acting' }).waitFor();
    await stage.getByRole('radio', { name: 'Adopt' }).check();
    // The acting form, at both widths.
    await screenshot(page, 'pdsa-acting-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'pdsa-acting-phone');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    const options = await stage.getByLabel('New chart phase from').locator('option').allTextContents();
    expect(options.slice(0, 2)).toEqual(['No new phase', phaseFrom]);
    expect(options).not.toContain(latest);
    await stage.getByLabel('New chart phase from').selectOption(phaseFrom);
    await stage.getByLabel('Reason for the new phase').fill('Adopted: a landlord liaison on call');
    await stage.getByLabel('Next steps').fill('Fund the liaison for a year.');
    await stage.getByRole('button', { name: 'Save and complete the cycle' }).click();
    await page.locator('ol.pdsa-stages [aria-current="step"]', { hasText: 'Completed' }).waitFor();
    await expect(page.locator('dl.worksheet').textContent()).resolves.toContain(`from ${phaseFrom}: Adopted: a landlord liaison on call`);
    await expect(page.locator('section.pdsa-stage').count()).resolves.toBe(0);

    // The chart has the cycle's annotation and the new phase.
    const after = await chart();
    expect(after.annotations).toContainEqual(expect.objectContaining({ kind: 'pdsa', pdsa_id: cycleId, status: 'completed', decision: 'adopt', period: latest }));
    expect(after.phases).toContainEqual(expect.objectContaining({ starts: phaseFrom, pdsa_id: cycleId, reason: 'Adopted: a landlord liaison on call' }));

    // And the board shows it, completed, as a link to its worksheet.
    await page.getByRole('link', { name: '← All PDSA cycles' }).click();
    const completed = page.locator('section.pdsa-column.status-completed');
    await expect(completed.getByRole('link', { name: `#${cycleId} ${CYCLE}` }).getAttribute('href')).resolves.toBe(`#/demo/pdsa/${cycleId}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  for (const size of WIDTHS) {
    it(`should read well and pass axe on both pages at ${size.width} px`, async () => {
      const page = await session.browser.newPage({ viewport: { width: size.width, height: size.height } });
      const errors = pageFailures(page);
      await signIn(page, session.site, 'admin');
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const inProgress = ((await (await page.request.get(`${session.site.url}/api/communities/demo/pdsa?status=doing`)).json()) as { id: number }[])[0];

      await go(page, session.site, '#/demo/aims');
      await page.locator('.driver-tree').first().waitFor();
      await screenshot(page, `aims-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await openEveryForm(page);
      await screenshot(page, `aims-forms-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow()).toBeLessThanOrEqual(0);

      await go(page, session.site, '#/demo/pdsa');
      await page.locator('.pdsa-board').waitFor();
      await screenshot(page, `pdsa-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await openEveryForm(page);
      await screenshot(page, `pdsa-forms-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow()).toBeLessThanOrEqual(0);

      await go(page, session.site, `#/demo/pdsa/${inProgress.id}`);
      await page.locator('dl.worksheet').waitFor();
      await page.locator('section.pdsa-stage').waitFor();
      await screenshot(page, `pdsa-cycle-${size.name}`);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await openEveryForm(page);
      expect(await accessibilityProblems(page)).toEqual([]);
      expect(await overflow()).toBeLessThanOrEqual(0);

      if (cycleId) {
        await go(page, session.site, `#/demo/pdsa/${cycleId}`);
        await page.locator('dl.worksheet').waitFor();
        expect(await accessibilityProblems(page)).toEqual([]);
      }
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }

  it('should show a viewer the aims and cycles without any form', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, session.site, 'viewer');
    await go(page, session.site, '#/demo/aims');
    await page.locator('.driver-tree').first().waitFor();
    await expect(page.locator('form').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Remove/ }).count()).resolves.toBe(0);
    await go(page, session.site, '#/demo/pdsa');
    await page.locator('.pdsa-board').waitFor();
    await expect(page.locator('form').count()).resolves.toBe(0);
    await expect(page.locator('.pdsa-card .lived').first().textContent()).resolves.toContain('Lived experience on the team');
    await expect(page.locator('.pdsa-card', { hasText: 'Ramp' }).first().textContent()).resolves.toMatch(/follows #\d+/);
    await page.close();
  }, 120_000);
});
