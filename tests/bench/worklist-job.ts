/**
 * The continuity worklist at 100,000 rows in Chromium (the built extension, the real engine
 * worker over IndexedDB): time to the first draw of the worklist, frames per second while the
 * table is scrolled through the whole list for 3 s, and the fuse.js name search, in the worker
 * (as the dashboard does it) and, for comparison, on the page's main thread. Prints one JSON line.
 *
 * The data: a release list large enough that at least `rows` releases are on the worklist
 * (awaiting or not engaged), against a small treatment extract, so linking stays quick.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { synthesise, toCsv } from '../../engine/synth';
import buildExtension from '../build-extension';
import { launchBrowser, tempDir } from '../e2e/harness';
import type { WorklistFigures } from './worklist-figures';

const wanted = Number(process.argv[2] ?? 100_000);
// About 87% of synthetic releases are in the cohort; with few treatment records most of them are
// on the worklist.
const people = Math.ceil(wanted * 1.25);
const data = synthesise({ people, treatment: 5_000, seed: 42 });
const fuseSource = readFileSync(createRequire(import.meta.url).resolve('fuse.js/min'), 'utf8');

buildExtension();
const profile = tempDir('bench-worklist');
const browser = await launchBrowser(profile);
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.addInitScript('globalThis.__name ??= (f) => f');
  await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
  await page.locator('body[data-results-version]').waitFor();
  await prepare(page);
  const figures = await measure(page);
  console.log(JSON.stringify(figures));
} finally {
  await browser.context.close();
  rmSync(profile, { recursive: true, force: true });
}

async function prepare(page: Page): Promise<void> {
  const error = await page.evaluate(
    async ({ releases, treatment }) => {
      const engine = globalThis.throughline!.engine;
      const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
      for (const [csv, fileName, side] of [
        [releases, 'releases.csv', 'releases'],
        [treatment, 'treatment.csv', 'treatment'],
      ] as const) {
        const imported = await engine.importDataset({ bytes: bytes(csv), fileName, side });
        if (!imported.ok) return imported.error.message;
      }
      const linked = await engine.link({ seed: 1 });
      if (!linked.ok) return linked.error.message;
      const asOf = await engine.setAsOf('2026-11-01');
      return asOf.ok ? null : asOf.error.message;
    },
    { releases: toCsv(data.releases), treatment: toCsv(data.treatment) },
  );
  if (error) throw new Error(error);
  // The dashboard redraws its status on the change; wait for it before timing the view.
  await page.waitForFunction(() => document.body.dataset.resultsVersion !== '0');
}

async function measure(page: Page): Promise<WorklistFigures> {
  // First draw: from the hash change to the rows painted (the view waits two frames).
  const firstDrawMs = await page.evaluate(async () => {
    const section = document.querySelector<HTMLElement>('section[data-view="continuity"]')!;
    const t0 = performance.now();
    location.hash = '#continuity';
    while (!section.dataset.reportVersion) await new Promise((r) => setTimeout(r, 5));
    return performance.now() - t0;
  });
  const base = await page.evaluate(async () => {
    const t0 = performance.now();
    const outcome = await globalThis.throughline!.engine.continuityReport();
    const ms = performance.now() - t0;
    if (!outcome.ok) throw new Error(outcome.error.message);
    const w = outcome.value.worklist;
    const byLength = w.name.filter((n) => /^[A-Z]{6,}, [A-Za-z]+/.test(n));
    return {
      ms,
      stages: outcome.value.timings,
      rows: w.length,
      sample: [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => byLength[Math.floor(f * byLength.length)]),
    };
  });
  if (base.rows < wanted) throw new Error(`only ${base.rows} releases on the worklist; wanted ${wanted}`);

  // Scroll through the whole list in 3 s, one step a frame, timing every frame.
  const scroll = await page.evaluate(async (durationMs) => {
    const scroller = document.querySelector<HTMLElement>('.cv-grid-scroll')!;
    scroller.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const range = scroller.scrollHeight - scroller.clientHeight;
    const stamps: number[] = [];
    await new Promise<void>((done) => {
      let start = 0;
      const step = (now: number) => {
        if (start === 0) start = now;
        stamps.push(now);
        const t = Math.min(1, (now - start) / durationMs);
        scroller.scrollTop = t * range;
        if (t < 1) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const frames = stamps.slice(1).map((s, i) => s - stamps[i]);
    const sorted = [...frames].sort((a, b) => a - b);
    const rows = scroller.querySelectorAll('tbody tr.cv-row');
    return {
      durationMs: stamps.at(-1)! - stamps[0],
      frames: frames.length,
      meanFps: (frames.length * 1000) / (stamps.at(-1)! - stamps[0]),
      p95FrameMs: sorted[Math.floor(sorted.length * 0.95)],
      worstFrameMs: sorted.at(-1)!,
      framesUnder30Fps: frames.filter((f) => f > 1000 / 30).length,
      rowsInDom: rows.length,
      lastRowIndex: Number(rows[rows.length - 1]?.getAttribute('aria-rowindex')),
    };
  }, 3_000);

  // Name search: in the worker (what the dashboard does), then the same on the main thread.
  const queries = base.sample.flatMap((name) => {
    const [surname, forename] = name.split(', ');
    return [
      `${forename.split(' ')[0]} ${surname}`,
      `${surname.slice(0, -1)}${surname.endsWith('E') ? 'A' : 'E'}`,
    ];
  });
  // fuse.js's CommonJS build, evaluated through the DevTools protocol: the page's CSP allows no
  // inline script and no eval, but code evaluated by the protocol is not subject to it.
  await page.evaluate(
    `(() => { const module = { exports: {} }; const exports = module.exports;\n${fuseSource}\n;globalThis.__benchFuse = module.exports; })()`,
  );
  const search = await page.evaluate(
    async ({ queries }) => {
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const engine = globalThis.throughline!.engine;
      await engine.searchWorklist('warm up the index');
      const worker: number[] = [];
      for (const q of queries) {
        const t0 = performance.now();
        const outcome = await engine.searchWorklist(q);
        worker.push(performance.now() - t0);
        if (!outcome.ok) throw new Error(outcome.error.message);
      }
      // fuse.js on the page (put there before this function; see below).
      type FuseLike = new (
        list: string[],
        options: object,
      ) => {
        search(q: string): unknown[];
      };
      const Fuse = (globalThis as unknown as { __benchFuse: FuseLike }).__benchFuse;
      const report = await engine.continuityReport();
      if (!report.ok) throw new Error(report.error.message);
      const t0 = performance.now();
      const fuse = new Fuse([...new Set(report.value.worklist.name)], {
        useTokenSearch: true,
        tokenMatch: 'all',
        threshold: 0.3,
        ignoreLocation: true,
        ignoreDiacritics: true,
      });
      const pageIndexBuildMs = performance.now() - t0;
      const onPage: number[] = [];
      for (const q of queries) {
        const t1 = performance.now();
        fuse.search(q);
        onPage.push(performance.now() - t1);
      }
      // Through the view: type the query; time from the end of the debounce to the rows drawn.
      const input = document.getElementById('worklist-search') as HTMLInputElement;
      const count = document.getElementById('worklist-count')!;
      const before = count.dataset.shown;
      input.value = queries[0];
      const typed = performance.now();
      input.dispatchEvent(new Event('input'));
      while (count.dataset.shown === before) await new Promise((r) => setTimeout(r, 1));
      const uiMs = performance.now() - typed - 200;
      return {
        workerMedianMs: median(worker),
        workerMaxMs: Math.max(...worker),
        pageIndexBuildMs,
        pageMedianMs: median(onPage),
        pageMaxMs: Math.max(...onPage),
        uiMs,
      };
    },
    { queries },
  );
  return {
    worklistRows: base.rows,
    releases: people,
    firstDrawMs,
    reportWarmMs: base.ms,
    reportStages: base.stages,
    scroll,
    search: { queries, ...search },
  };
}
