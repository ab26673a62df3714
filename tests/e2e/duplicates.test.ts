/**
 * The de-duplication view end to end, in real Chromium against the built extension: clusters of
 * likely-same treatment records found by a dedupe run in the engine worker, shown side by side
 * with the differences marked, a "not the same" and a "same person" decision recorded through the
 * engine and respected by the next run, the merge list downloaded, and an accessibility check.
 * Expected figures come from the engine (findDuplicates through the page's client).
 */
import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERGE_LIST_HEADER } from '../../engine/api/duplicates';
import type { DuplicatesReport } from '../../engine/api/report-types';
import { synthesise } from '../../engine/synth';
import { axeViolations } from './axe';
import {
  downloadedText,
  type ExtensionBrowser,
  importThroughEngine,
  launchBrowser,
  openDashboard,
  showView,
  tempDir,
} from './harness';

const profile = tempDir('duplicates-profile');
const data = synthesise({ people: 300, treatment: 1500, seed: 43 });

let browser: ExtensionBrowser;
let page: Page;

/** The first page of clusters as the engine gives it (cached after the view's own run). */
const engineClusters = (p: Page): Promise<DuplicatesReport> =>
  p.evaluate(async () => {
    const outcome = await globalThis.throughline!.engine.findDuplicates({
      side: 'treatment',
      offset: 0,
      limit: 20,
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.value;
  });

const shownClusters = async (p: Page) =>
  Number(await p.locator('#duplicates-summary').getAttribute('data-clusters'));
const shownIds = (p: Page) =>
  p
    .locator('li.dup-cluster')
    .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.clusterId)));

describe('the duplicates view in Chromium', () => {
  let first: DuplicatesReport;

  beforeAll(async () => {
    browser = await launchBrowser(profile);
    page = await openDashboard(browser);
    await importThroughEngine(page, data.treatment, 'treatment.csv', 'treatment');
  });

  afterAll(async () => {
    await browser?.context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('finds clusters of likely-same records in the chosen system and shows each side by side', async () => {
    await showView(page, 'duplicates');
    await page.locator('input[name="duplicates-side"][value="treatment"]').check();
    await page.locator('#duplicates-by').fill('Test Officer');
    await page.getByRole('button', { name: 'Find duplicates' }).click();
    await page.locator('#duplicates-summary[data-clusters]').waitFor({ timeout: 60_000 });

    first = await engineClusters(page);
    expect(first.cached).toBe(true); // the view's own run, not a second one
    expect(first.clusterCount).toBeGreaterThan(20);
    expect(await shownClusters(page)).toBe(first.clusterCount);
    expect(await shownIds(page)).toEqual(first.clusters.map((c) => c.id));
    expect(await page.locator('#duplicates-summary').textContent()).toMatch(
      new RegExp(
        `^${first.clusterCount} group\\(s\\) of likely-same records among 1,500 community treatment records`,
      ),
    );

    // Side by side: a column per record, headed by its file and id; differing values marked.
    const cluster = first.clusters[0];
    const table = page.locator(`li[data-cluster-id="${cluster.id}"] table`);
    const heads = await table.locator('thead th').allTextContents();
    expect(heads).toEqual([
      'Field',
      ...cluster.records.map((r, k) => `Record ${k + 1}: treatment.csv ${r.recordId}`),
    ]);
    expect(await table.locator('tbody th', { hasText: 'Surname' }).count()).toBe(1);
    expect(await page.locator('li.dup-cluster td.dup-differs mark').count()).toBeGreaterThan(0);
    expect(await page.locator('li.dup-cluster td.dup-differs .dup-sr').first().textContent()).toBe(
      ' (differs)',
    );
  });

  it('records "not the same" and "same person" through the engine, and the next run respects them', async () => {
    // A cluster of two: "not the same" breaks it up.
    const pair = first.clusters.find((c) => c.keys.length === 2 && c.pairs.length === 1)!;
    await page
      .locator(`li[data-cluster-id="${pair.id}"]`)
      .getByRole('button', { name: 'Not the same' })
      .click();
    await expect.poll(() => shownClusters(page)).toBe(first.clusterCount - 1);
    expect(await shownIds(page)).not.toContain(pair.id);
    await expect
      .poll(() => page.locator('#activity').textContent())
      .toMatch(/^Recorded: Record 1 and Record 2 are not the same person \(by Test Officer\)\./);

    // Another: "same person". Decided groups move behind the undecided ones, so the pager finds it.
    const other = first.clusters.find(
      (c) => c.id !== pair.id && c.keys.length === 2 && c.pairs.length === 1,
    )!;
    await page
      .locator(`li[data-cluster-id="${other.id}"]`)
      .getByRole('button', { name: 'Same person' })
      .click();
    await expect
      .poll(() => page.locator('#activity').textContent())
      .toMatch(/^Recorded: Record 1 and Record 2 are the same person \(by Test Officer\)\./);
    const decided = page.locator(
      `li[data-a="${other.keys[0]}"][data-b="${other.keys[1]}"][data-decision="same"]`,
    );
    for (let pages = 0; (await decided.count()) === 0 && pages < 20; pages++) {
      const before = await shownIds(page);
      await page.getByRole('button', { name: 'Next groups' }).click();
      await expect.poll(() => shownIds(page)).not.toEqual(before);
    }
    expect(await decided.getByRole('button', { name: 'Same person' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await page.locator('.dup-pager').textContent()).toMatch(/Groups \d+ to \d+ of \d+/);

    const after = await engineClusters(page);
    expect(after.decisions).toEqual({ same: 1, notSame: 1, unsure: 0 });
    expect(after.clusterCount).toBe(first.clusterCount - 1);
    expect(after.clusters.some((c) => c.id === pair.id)).toBe(false);
  });

  it('downloads the merge list: the records decided the same, one survivor each', async () => {
    const file = await downloadedText(page, () =>
      page.getByRole('button', { name: 'Download the merge list (CSV)' }).click(),
    );
    expect(file.fileName).toMatch(/^merge-list-treatment-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = Papa.parse<string[]>(file.text.trimEnd()).data;
    expect(header).toEqual([...MERGE_LIST_HEADER]);
    expect(rows).toHaveLength(1);
    expect(rows[0][5]).toBe('Test Officer');
  });

  it('has no serious or critical accessibility problems (axe-core)', async () => {
    const problems = await axeViolations(page, { selector: 'section[data-view="duplicates"]' });
    expect(problems, JSON.stringify(problems, null, 1)).toEqual([]);
  });
});
