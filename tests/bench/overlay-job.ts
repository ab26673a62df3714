/**
 * The overlay benchmark in Chromium: the demo client list with 1,000 and then 5,000 rows on one
 * page, every row an imported treatment record, and the time from the page's DOMContentLoaded
 * until every row that has something to say carries its badges (target: under 1 s for 1,000).
 *
 * Builds the end-to-end variant of the extension (granted 127.0.0.1, so the site is enabled by a
 * real click without a permission prompt), imports and links through the dashboard's engine,
 * enables the demo site in the Case systems view, then loads the page a few times per size.
 * Prints one JSON line of figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { toCsv } from '../../engine/synth';
import { demoData, todayIso } from '../../extension/demo/data';
import { startDemoSites } from '../../extension/demo/server';
import { badgesFor } from '../../shared/badges';
import type { LookupResult, Outcome } from '../../shared/workspace';
import { buildInto, E2E_HOSTS } from '../build-extension';
import { launchBrowser, openDashboard, showView, tempDir } from '../e2e/harness';

export interface OverlayFigures {
  sizes: {
    rows: number;
    /** Rows with at least one badge (the rest have nothing to say: no link, no duplicate). */
    badgedRows: number;
    /** DOMContentLoaded to the end of the frame that shows the last expected badge, per page load. */
    runsMs: number[];
    medianMs: number;
    /** DOMContentLoaded to the last expected badge host in the DOM (before the page lays it out), median. */
    insertedMs: number;
    /**
     * Without the overlay: DOMContentLoaded to the end of the page's first frame, median. The
     * page's own cost of laying out its table, which no badge can come before.
     */
    pageFrameMs: number;
    /** The engine's own lookup of all rows in one batch, through the dashboard's client. */
    lookupMs: number;
  }[];
}

const SIZES = [1_000, 5_000];
const RUNS = 3;
const HOST = 'throughline-badges';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function importAndLink(dashboard: Page, releasesCsv: string, treatmentCsv: string): Promise<void> {
  const failed = await dashboard.evaluate(
    async ([releases, treatment]) => {
      const engine = globalThis.throughline!.engine;
      const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
      const steps = [
        () => engine.importDataset({ bytes: bytes(releases), fileName: 'releases.csv', side: 'releases' }),
        () => engine.importDataset({ bytes: bytes(treatment), fileName: 'treatment.csv', side: 'treatment' }),
        () => engine.link(),
      ];
      for (const step of steps) {
        const outcome = await step();
        if (!outcome.ok) return outcome.error.message;
      }
      return null;
    },
    [releasesCsv, treatmentCsv],
  );
  if (failed) throw new Error(failed);
}

/** How many rows should carry badges: the engine's answer for every row, through the same labels. */
async function expectedBadgedRows(
  dashboard: Page,
  ids: string[],
): Promise<{ badged: number; lookupMs: number }> {
  const { outcome, ms, upper } = await dashboard.evaluate(async (recordIds) => {
    const engine = globalThis.throughline!.engine;
    const status = await engine.status();
    const started = performance.now();
    const outcome = await engine.lookupBatch(
      recordIds.map((recordId) => ({ recordId, side: 'treatment' as const })),
    );
    return { outcome, ms: performance.now() - started, upper: status.lastRun?.thresholds?.upper ?? 0.9 };
  }, ids);
  const results = (outcome as Outcome<LookupResult[]>).ok ? (outcome as { value: LookupResult[] }).value : [];
  return { badged: results.filter((r) => badgesFor(r, { upper }).length > 0).length, lookupMs: ms };
}

/**
 * Loads the page and returns the times from its DOMContentLoaded until `expected` badge hosts are
 * in the DOM, and to the end of the first frame that shows them (with 0: the first frame after
 * DOMContentLoaded).
 */
async function timeToBadges(
  context: BrowserContext,
  url: string,
  rows: number,
  expected: number,
): Promise<{ inserted: number; shown: number }> {
  const page = await context.newPage();
  // In the page's own world, before its scripts. The overlay draws each host's shadow root before
  // inserting the host, so a host in the page is a drawn badge; the frame after it shows it.
  await page.addInitScript(
    ([tag, wanted]) => {
      const w = window as Window & { __doneAt?: number; __insertedAt?: number };
      const check = () => {
        if (w.__insertedAt !== undefined || document.readyState === 'loading') return;
        if (document.querySelectorAll(tag as string).length >= (wanted as number)) {
          w.__insertedAt = performance.now();
          requestAnimationFrame(() => setTimeout(() => (w.__doneAt = performance.now())));
        }
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true });
      document.addEventListener('DOMContentLoaded', check);
    },
    [HOST, expected],
  );
  await page.goto(url);
  await page.waitForFunction(() => (window as Window & { __doneAt?: number }).__doneAt !== undefined, null, {
    timeout: 60_000,
    polling: 50,
  });
  const times = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const w = window as Window & { __doneAt?: number; __insertedAt?: number };
    const dcl = navigation.domContentLoadedEventStart;
    return { inserted: w.__insertedAt! - dcl, shown: w.__doneAt! - dcl };
  });
  const rendered = await page.locator('#client-table > tbody > tr').count();
  if (rendered !== rows) throw new Error(`the page showed ${rendered} rows, not ${rows}`);
  await page.close();
  return times;
}

const root = mkdtempSync(join(tmpdir(), 'throughline-overlay-bench-'));
const figures: OverlayFigures = { sizes: [] };
try {
  const extension = buildInto(join(root, 'build'), { e2eHosts: E2E_HOSTS });
  for (const rows of SIZES) {
    const options = { seed: 7, people: rows / 2, treatment: rows, asOf: todayIso() };
    const data = demoData(options);
    const sites = await startDemoSites(options);
    const profile = tempDir('overlay-bench');
    const browser = await launchBrowser(profile, extension);
    try {
      // Functions are sent as source; esbuild (through tsx) may wrap them in __name().
      await browser.context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
      const dashboard = await openDashboard(browser);
      await importAndLink(dashboard, toCsv(data.releases), toCsv(data.treatment));
      await showView(dashboard, 'sites');
      await dashboard.getByRole('button', { name: 'Enable Riverside Recovery client list (demo)' }).click();
      await dashboard
        .getByRole('button', { name: 'Disable Riverside Recovery client list (demo)' })
        .waitFor();

      const ids = data.treatment.rows.map((r) => r[0]).sort();
      const { badged, lookupMs } = await expectedBadgedRows(dashboard, ids);
      const url = `${sites.treatmentUrl}?size=${rows}`;
      const runs: { inserted: number; shown: number }[] = [];
      for (let run = 0; run < RUNS; run++) runs.push(await timeToBadges(browser.context, url, rows, badged));
      // Control: the same page without the overlay, to the end of its first frame after
      // DOMContentLoaded (its own layout of the table, hostile styles and all).
      await dashboard.getByRole('button', { name: 'Disable Riverside Recovery client list (demo)' }).click();
      await dashboard.getByRole('button', { name: 'Enable Riverside Recovery client list (demo)' }).waitFor();
      const pageMs: number[] = [];
      for (let run = 0; run < RUNS; run++)
        pageMs.push((await timeToBadges(browser.context, url, rows, 0)).shown);
      figures.sizes.push({
        rows,
        badgedRows: badged,
        runsMs: runs.map((r) => r.shown),
        medianMs: median(runs.map((r) => r.shown)),
        insertedMs: median(runs.map((r) => r.inserted)),
        pageFrameMs: median(pageMs),
        lookupMs,
      });
    } finally {
      await browser.context.close();
      await sites.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
console.log(JSON.stringify(figures));
