/**
 * The scale benchmark's de-duplication in Chromium: builds the extension into a directory of its
 * own, loads it into Debian's Chromium (headless) and, through the dashboard's engine client,
 * imports the prepared treatment extract (tests/bench/scale-job.ts prepare) and de-duplicates it
 * in the engine's SharedWorker, over IndexedDB. Prints one JSON line of figures.
 *
 * With WORKERS (a list such as 1,2), it first runs the linkage pipeline on the same file in the
 * engine's worker once per count in the list, with that many compare workers (the engine's
 * `trialLinkage` diagnostics: from the file's bytes to the clusters, nothing stored; two workers
 * are dedicated workers the dashboard starts for the engine). `trials-only` skips the import and
 * the workspace's de-duplication.
 *
 *   scale-browser-job.ts SIZE DIR [WORKERS [trials-only]]
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { LinkageTrialResult } from '../../extension/engine/diagnostics';
import { buildInto } from '../build-extension';
import { launchBrowser, openDashboard, tempDir } from '../e2e/harness';

/** One run of the pipeline in the engine's worker with `workers` compare threads. */
export interface BrowserTrialFigures extends Omit<LinkageTrialResult, 'digests'> {
  workers: number;
  /** Equal across trials when the results are byte for byte the same. */
  digest: string;
  loadBefore: number;
  loadAfter: number;
}

export interface BrowserScaleFigures {
  size: number;
  trials: BrowserTrialFigures[];
  /** Absent with `trials-only`. */
  importMs?: number;
  dedupeMs?: number;
  stages?: { stage: string; ms: number }[];
  candidatePairs?: number;
  /** Compare workers the workspace's de-duplication started (0: it compared in one thread). */
  dedupeWorkers?: number;
  hardwareConcurrency: number;
}

/** Rows of the file a warm-up run reads before the timed runs. */
const WARM_UP_ROWS = 20_000;

/** Playwright sends arguments as JSON over a pipe: the file goes across in pieces of this size. */
const PIECE = 16 * 1024 * 1024;

const [size, dir] = [Number(process.argv[2]), process.argv[3]];
const trialWorkers = (process.argv[4] ?? '').split(',').filter(Boolean).map(Number);
const trialsOnly = process.argv[5] === 'trials-only';
if (!(size > 0) || !dir || trialWorkers.some((w) => !(w >= 1)))
  throw new Error('usage: scale-browser-job.ts SIZE DIR [WORKERS [trials-only]]');
const csv = readFileSync(join(dir, 'treatment.csv'), 'utf8');
const build = tempDir('scale-build');
const profile = tempDir('scale-profile');
const browser = await launchBrowser(profile, buildInto(build));
try {
  const page = await openDashboard(browser);
  await page.evaluate(() => {
    (globalThis as { scalePieces?: string[] }).scalePieces = [];
  });
  for (let at = 0; at < csv.length; at += PIECE)
    await page.evaluate(
      (piece) => {
        (globalThis as unknown as { scalePieces: string[] }).scalePieces.push(piece);
      },
      csv.slice(at, at + PIECE),
    );
  const trials: BrowserTrialFigures[] = [];
  if (trialWorkers.length) {
    // Untimed: the first run in a fresh engine is slower in every stage (code not yet optimised).
    const warmUp = csv.slice(0, csv.split('\n', WARM_UP_ROWS + 1).join('\n').length);
    await page.evaluate(async (text) => {
      const bytes = new TextEncoder().encode(text).buffer as ArrayBuffer;
      await globalThis.throughline!.engine.trialLinkage({
        files: [{ fileName: 'treatment.csv', bytes }],
        workers: 1,
      });
    }, warmUp);
  }
  for (const workers of trialWorkers) {
    const loadBefore = loadavg()[0];
    const { digests, ...trial } = await page.evaluate(async (workers) => {
      const pieces = (globalThis as unknown as { scalePieces: string[] }).scalePieces;
      const bytes = new TextEncoder().encode(pieces.join('')).buffer as ArrayBuffer;
      return globalThis.throughline!.engine.trialLinkage({
        files: [{ fileName: 'treatment.csv', bytes }],
        workers,
        seed: 1,
      });
    }, workers);
    const digest = Object.values(digests).join(' ');
    trials.push({ ...trial, workers, digest, loadBefore, loadAfter: loadavg()[0] });
  }
  const workspace = trialsOnly
    ? {}
    : await page.evaluate(async () => {
        const engine = globalThis.throughline!.engine;
        const pieces = (globalThis as unknown as { scalePieces: string[] }).scalePieces;
        const bytes = new TextEncoder().encode(pieces.join('')).buffer as ArrayBuffer;
        pieces.length = 0;
        const t0 = performance.now();
        const imported = await engine.importDataset({ bytes, fileName: 'treatment.csv', side: 'treatment' });
        if (!imported.ok) throw new Error(`import failed: ${imported.error.message}`);
        const t1 = performance.now();
        const startedBefore = (await engine.compareWorkers()).started;
        const found = await engine.findDuplicates({ side: 'treatment', limit: 1 });
        if (!found.ok) throw new Error(`de-duplication failed: ${found.error.message}`);
        const dedupeMs = performance.now() - t1;
        return {
          importMs: t1 - t0,
          dedupeMs,
          stages: found.value.timings,
          candidatePairs: found.value.candidatePairs,
          dedupeWorkers: (await engine.compareWorkers()).started - startedBefore,
        };
      });
  const hardwareConcurrency = await page.evaluate(() => navigator.hardwareConcurrency);
  const figures: BrowserScaleFigures = { size, trials, hardwareConcurrency, ...workspace };
  console.log(JSON.stringify(figures satisfies BrowserScaleFigures));
} finally {
  await browser.context.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
}
