/**
 * The scale benchmark's de-duplication in Chromium: builds the extension into a directory of its
 * own, loads it into Debian's Chromium (headless) and, through the dashboard's engine client,
 * imports the prepared treatment extract (tests/bench/scale-job.ts prepare) and de-duplicates it
 * in the engine's SharedWorker, over IndexedDB. Prints one JSON line of figures.
 *
 *   scale-browser-job.ts SIZE DIR
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildInto } from '../build-extension';
import { launchBrowser, openDashboard, tempDir } from '../e2e/harness';

export interface BrowserScaleFigures {
  size: number;
  importMs: number;
  dedupeMs: number;
  stages: { stage: string; ms: number }[];
  candidatePairs: number;
  hardwareConcurrency: number;
}

/** Playwright sends arguments as JSON over a pipe: the file goes across in pieces of this size. */
const PIECE = 16 * 1024 * 1024;

const [size, dir] = [Number(process.argv[2]), process.argv[3]];
if (!(size > 0) || !dir) throw new Error('usage: scale-browser-job.ts SIZE DIR');
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
  const figures = await page.evaluate(async (n) => {
    const engine = globalThis.throughline!.engine;
    const pieces = (globalThis as unknown as { scalePieces: string[] }).scalePieces;
    const bytes = new TextEncoder().encode(pieces.join('')).buffer as ArrayBuffer;
    pieces.length = 0;
    const t0 = performance.now();
    const imported = await engine.importDataset({ bytes, fileName: 'treatment.csv', side: 'treatment' });
    if (!imported.ok) throw new Error(`import failed: ${imported.error.message}`);
    const t1 = performance.now();
    const found = await engine.findDuplicates({ side: 'treatment', limit: 1 });
    if (!found.ok) throw new Error(`de-duplication failed: ${found.error.message}`);
    return {
      size: n,
      importMs: t1 - t0,
      dedupeMs: performance.now() - t1,
      stages: found.value.timings,
      candidatePairs: found.value.candidatePairs,
      hardwareConcurrency: navigator.hardwareConcurrency,
    };
  }, size);
  console.log(JSON.stringify(figures satisfies BrowserScaleFigures));
} finally {
  await browser.context.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
}
