/**
 * The continuity-of-care view end to end, in real Chromium against the built extension: the
 * rate against the target, the charts and their tables, the as-of date, the virtualised worklist
 * with its filters and the fuzzy name search, the CSV downloads, and an accessibility check.
 *
 * Expected numbers come from the engine itself (its continuityReport and searchWorklist, asked
 * through the page's engine client), never from what the page shows.
 */
import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKLIST_HEADER } from '../../engine/continuity';
import { synthesise } from '../../engine/synth';
import { axeViolations } from './axe';
import {
  downloadedText,
  type ExtensionBrowser,
  engineStatus,
  importThroughEngine,
  launchBrowser,
  linkThroughEngine,
  openDashboard,
  showView,
  tempDir,
} from './harness';

const profile = tempDir('continuity-profile');
const data = synthesise({ people: 600, treatment: 1800, seed: 41 });

let browser: ExtensionBrowser;
let page: Page;

/** The engine's report, with the worklist columns as plain arrays (what evaluate can return). */
function engineReport(p: Page) {
  return p.evaluate(async () => {
    const outcome = await globalThis.throughline!.engine.continuityReport();
    if (!outcome.ok) throw new Error(outcome.error.message);
    const { worklist: w, ...rest } = outcome.value;
    return {
      ...rest,
      worklist: {
        length: w.length,
        name: w.name,
        awaiting: Array.from(w.awaiting),
        needsReview: Array.from(w.needsReview),
        establishment: Array.from(w.establishment),
        establishments: w.establishments,
      },
    };
  });
}
type Report = Awaited<ReturnType<typeof engineReport>>;

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const count = (xs: number[], keep: (x: number, i: number) => boolean) => xs.filter(keep).length;

async function waitForReport(p: Page): Promise<void> {
  const { resultsVersion } = await engineStatus(p);
  await p
    .locator(`section[data-view="continuity"][data-report-version="${resultsVersion}"]`)
    .waitFor({ timeout: 60_000 });
}

/** How many worklist rows the view says it shows (after filters and search have settled). */
const shownCount = async (p: Page) => Number(await p.locator('#worklist-count').getAttribute('data-shown'));

/** The name in the first row the grid shows. */
const firstName = (p: Page) =>
  p.locator('table[role="grid"] tbody tr.cv-row').first().locator('td').first().textContent();

let report: Report;

describe('the continuity-of-care view in Chromium', () => {
  beforeAll(async () => {
    browser = await launchBrowser(profile);
    page = await openDashboard(browser);
    await importThroughEngine(page, data.releases, 'releases.csv', 'releases');
    await importThroughEngine(page, data.treatment, 'treatment.csv', 'treatment');
    await linkThroughEngine(page, { seed: 1, asOf: '2026-11-01' });
    await showView(page, 'continuity');
    await waitForReport(page);
    report = await engineReport(page);
  });

  afterAll(async () => {
    await browser?.context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it("shows the rate against the 75% target, the counts and the charts with the engine's own numbers", async () => {
    const { overall, counts } = report;
    expect(overall.denominator).toBeGreaterThan(100);
    expect(await page.locator('#continuity-rate').textContent()).toBe(percent(overall.rate));
    expect(await page.locator('#continuity-closed').textContent()).toBe(
      `${overall.numerator} of ${overall.denominator} releases whose window has closed`,
    );
    expect(await page.locator('#continuity-interval').textContent()).toBe(
      `${percent(overall.lower)} to ${percent(overall.upper)}`,
    );
    expect(await page.locator('#continuity-gap').textContent()).toBe(
      `${((0.75 - overall.rate) * 100).toFixed(1)} points below`,
    );
    expect(Number(await page.locator('#continuity-awaiting').textContent())).toBe(counts.awaiting);
    expect(Number(await page.locator('#continuity-not-engaged').textContent())).toBe(counts.not_engaged);

    // The weekly line: a point per week with a closed window, at the engine's rate.
    const points = await page
      .locator('#continuity-weekly circle.cv-point')
      .evaluateAll((els) =>
        els.map((e) => [(e as SVGElement).dataset.group, Number((e as SVGElement).dataset.rate)]),
      );
    expect(points).toEqual(report.byWeek.filter((k) => k.denominator > 0).map((k) => [k.group, k.rate]));
    expect(await page.locator('#continuity-weekly .cv-target').count()).toBe(1);
    // Its table alternative lists every week, closed or not.
    const weekRows = await page
      .locator('#continuity-weekly table tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(weekRows).toEqual(
      report.byWeek.map((k) => [
        k.group,
        String(k.numerator),
        String(k.denominator),
        k.denominator > 0 ? percent(k.rate) : 'no closed window',
        k.denominator > 0 ? `${percent(k.lower)} to ${percent(k.upper)}` : '',
      ]),
    );
    // The bars by establishment and by area, largest groups first.
    for (const [id, kpis] of [
      ['continuity-establishments', report.byEstablishment],
      ['continuity-areas', report.byArea],
    ] as const) {
      const bars = await page
        .locator(`#${id} g.cv-bar-row`)
        .evaluateAll((els) =>
          els.map((e) => [(e as SVGElement).dataset.group, Number((e as SVGElement).dataset.rate)]),
        );
      expect(bars).toEqual(kpis.slice(0, 15).map((k) => [k.group, k.rate]));
      expect(await page.locator(`#${id} table tbody tr`).count()).toBe(kpis.length);
    }
    // The SVGs are images with a name and a description.
    const described = await page
      .locator('section[data-view="continuity"] svg[role="img"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-labelledby')?.split(' ').length));
    expect(described).toEqual([2, 2, 2]);
  });

  it('shows the worklist as a grid of every row, with only the rows in view in the DOM', async () => {
    const w = report.worklist;
    expect(w.length).toBe(report.counts.awaiting + report.counts.not_engaged);
    const grid = page.locator('table[role="grid"]');
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(w.length + 1));
    const rendered = await grid.locator('tbody tr.cv-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(w.length);
    expect(await firstName(page)).toBe(w.name[0]);
    expect(await shownCount(page)).toBe(w.length);

    // The keyboard reaches the last row: Ctrl+End, and the active cell is announced by its row.
    await grid.locator('tbody tr.cv-row td').first().click();
    await page.keyboard.press('Control+End');
    const active = await grid.getAttribute('aria-activedescendant');
    const lastRow = page.locator(`#${active}`).locator('xpath=..');
    expect(await lastRow.getAttribute('aria-rowindex')).toBe(String(w.length + 1));
    expect(await lastRow.locator('td').first().textContent()).toBe(w.name[w.length - 1]);
    await page.keyboard.press('Control+Home');
    expect(await page.locator(`#${await grid.getAttribute('aria-activedescendant')}`).textContent()).toBe(
      w.name[0],
    );
  });

  it('filters by status, establishment and review, and the fuzzy name search narrows the worklist', async () => {
    const w = report.worklist;
    await page.locator('#worklist-status').selectOption('awaiting');
    await expect.poll(() => shownCount(page)).toBe(count(w.awaiting, (a) => a === 1));

    const est = w.establishment[0];
    await page.locator('#worklist-establishment').selectOption(String(est));
    await expect
      .poll(() => shownCount(page))
      .toBe(count(w.awaiting, (a, r) => a === 1 && w.establishment[r] === est));
    expect(await page.locator('#worklist-count').textContent()).toMatch(
      /^Showing \d+ of \d+ releases on the worklist\.$/,
    );

    await page.locator('#worklist-status').selectOption('all');
    await page.locator('#worklist-establishment').selectOption('-2');
    await page.locator('#worklist-review').check();
    await expect.poll(() => shownCount(page)).toBe(count(w.needsReview, (x) => x === 1));
    await page.locator('#worklist-review').uncheck();
    await expect.poll(() => shownCount(page)).toBe(w.length);

    // Search: a release far down the list, by first name and surname with a typo.
    let r = Math.floor(w.length * 0.8);
    // A surname long enough that one wrong letter is a close spelling (fuse's threshold 0.3).
    while (!/^[A-Z]{6,}, /.test(w.name[r])) r = (r + 1) % w.length;
    const [surname, forenames] = w.name[r].split(', ');
    const query = `${forenames.split(' ')[0]} ${surname.slice(0, -1)}${surname.endsWith('E') ? 'A' : 'E'}`;
    const expected = await page.evaluate(async (q) => {
      const outcome = await globalThis.throughline!.engine.searchWorklist(q);
      if (!outcome.ok) throw new Error(outcome.error.message);
      return Array.from(outcome.value.rows);
    }, query);
    expect(expected).toContain(r);
    expect(expected.length).toBeLessThan(w.length / 4);
    await page.locator('#worklist-search').fill(query);
    await expect.poll(() => shownCount(page)).toBe(expected.length);
    expect(await firstName(page)).toBe(w.name[expected[0]]);
    await page.locator('#worklist-search').fill('');
    await expect.poll(() => shownCount(page)).toBe(w.length);
  });

  it('downloads the shown worklist and an area audit worksheet as CSV, with the right header and rows', async () => {
    const w = report.worklist;
    await page.locator('#worklist-status').selectOption('not_engaged');
    const notEngaged = count(w.awaiting, (a) => a === 0);
    await expect.poll(() => shownCount(page)).toBe(notEngaged);
    const worklist = await downloadedText(page, () => page.locator('#worklist-export').click());
    expect(worklist.fileName).toBe('worklist-as-of-2026-11-01.csv');
    const [header, ...rows] = Papa.parse<string[]>(worklist.text.trimEnd()).data;
    expect(header).toEqual([...WORKLIST_HEADER]);
    expect(rows).toHaveLength(notEngaged);
    expect(rows.every((row) => row[2] === 'not_engaged')).toBe(true);
    expect(await page.locator('#activity').textContent()).toMatch(/^Saved worklist-as-of-2026-11-01\.csv/);
    await page.locator('#worklist-status').selectOption('all');

    const { area, rows: areaRows } = report.auditAreas[0];
    const audit = await downloadedText(page, () =>
      page.locator(`#audit-areas tr[data-area="${area}"] button`).click(),
    );
    const [auditHeader, ...auditData] = Papa.parse<string[]>(audit.text.trimEnd()).data;
    expect(auditHeader.slice(0, 3)).toEqual(['release_id', 'release_date', 'status']);
    expect(auditHeader.at(-1)).toBe('provider_notes');
    expect(auditData).toHaveLength(areaRows);
    expect(audit.fileName).toMatch(/^audit-.+-as-of-2026-11-01\.csv$/);
  });

  it('recomputes the statuses as of a chosen date, and back to today', async () => {
    const before = await engineStatus(page);
    await page.locator('#continuity-as-of').fill('2026-09-01');
    await page.getByRole('button', { name: 'Recompute' }).click();
    await expect
      .poll(async () => (await engineStatus(page)).resultsVersion)
      .toBeGreaterThan(before.resultsVersion);
    await waitForReport(page);
    const earlier = await engineReport(page);
    expect(earlier.asOf).toBe('2026-09-01');
    expect(await page.locator('#continuity-rate').textContent()).toBe(percent(earlier.overall.rate));
    expect(await page.locator('table[role="grid"]').getAttribute('aria-rowcount')).toBe(
      String(earlier.worklist.length + 1),
    );
    expect(await page.locator('#continuity-rule').textContent()).toMatch(/^As of a chosen date/);

    await page.getByRole('button', { name: 'Use today' }).click();
    await expect.poll(() => page.locator('#continuity-rule').textContent()).toMatch(/^As of today's date/);
    const today = await engineReport(page);
    expect(await page.locator('#continuity-as-of').inputValue()).toBe(today.asOf);
  });

  it('has no serious or critical accessibility problems (axe-core)', async () => {
    // Open the table alternatives so that they are checked too.
    for (const summary of await page.locator('section[data-view="continuity"] details > summary').all())
      await summary.click();
    const problems = await axeViolations(page, { selector: 'section[data-view="continuity"]' });
    expect(problems, JSON.stringify(problems, null, 1)).toEqual([]);
  });
});
