/**
 * Comparing in parallel in the browser engine (issue 9), in real Chromium with the built
 * extension. The engine's SharedWorker cannot start a worker; the pages connected to it start
 * dedicated compare workers for it and hand it a MessagePort to each (engine/parallel/port-host.ts).
 * Here: a run with two workers gives byte for byte the result of one thread, through two real
 * workers started by the dashboard; a worker that dies, or the page that started it closing,
 * ends the run with a clear error instead of a hang, and the next run works; once the offscreen
 * document exists it starts the workers instead.
 *
 * The runs are the engine's diagnostics `trialLinkage` (extension/engine/diagnostics.ts): the
 * linkage pipeline in the engine's worker with a chosen worker count, without the workspace.
 */
import { rmSync } from 'node:fs';
import type { Page, Worker } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortWorkerHostStatus } from '../../engine/parallel/port-host';
import { synthesise, toCsv } from '../../engine/synth';
import type { LinkageTrialResult } from '../../extension/engine/diagnostics';
import { type ExtensionBrowser, launchBrowser, openDashboard, sendToRouter, tempDir } from './harness';

const profile = tempDir('parallel-profile');
// 76,290 candidate pairs: two chunks of the 65,536 a call sends, so each of two workers gets one.
const small = toCsv(synthesise({ people: 4_000, treatment: 20_000, seed: 21 }).treatment);
// About 1.9 million pairs, some thirty chunks: the run lasts long enough (a second and more after
// the first chunk, on a quiet machine) to stop a worker in the middle of it. With eight chunks a
// quiet machine sometimes finished the run before the worker had stopped.
const larger = toCsv(synthesise({ people: 20_000, treatment: 100_000, seed: 21 }).treatment);

let browser: ExtensionBrowser;
let dashboard: Page;

type Trial = LinkageTrialResult | { error: string };

/** A run of the linkage pipeline in the engine's worker (de-duplicating `csv`) with `workers` threads. */
function trial(page: Page, csv: string, workers: number): Promise<Trial> {
  return page.evaluate(
    async ({ csv, workers }) => {
      const bytes = new TextEncoder().encode(csv).buffer as ArrayBuffer;
      try {
        return await globalThis.throughline!.engine.trialLinkage({
          files: [{ fileName: 'treatment.csv', bytes }],
          workers,
          seed: 1,
        });
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
    { csv, workers },
  );
}

function succeeded(result: Trial): LinkageTrialResult {
  if ('error' in result) throw new Error(`the run failed: ${result.error}`);
  return result;
}

const workerStatus = (page: Page): Promise<PortWorkerHostStatus> =>
  page.evaluate(() => globalThis.throughline!.engine.compareWorkers());

/** The compare workers a page starts, as Playwright sees them (real dedicated workers). */
function startedBy(page: Page): Worker[] {
  const started: Worker[] = [];
  page.on('worker', (worker) => {
    if (new URL(worker.url()).pathname === '/compare-worker.js') started.push(worker);
  });
  return started;
}

/**
 * Waits until one of the workers started after `startedBefore` has answered a chunk, so that the
 * run is in its chunks (not loading the workers), and returns that worker's id.
 */
async function comparingChunks(page: Page, startedBefore: number): Promise<string> {
  let id = '';
  await expect
    .poll(
      async () => {
        const { workers } = await workerStatus(page);
        const busy = workers.find(
          (w) => Number(w.id) > startedBefore && w.state === 'ready' && w.answered >= 2,
        );
        id = busy?.id ?? '';
        return id;
      },
      { timeout: 60_000, interval: 10 },
    )
    .not.toBe('');
  return id;
}

/** The Playwright handle of the compare worker with this id (its name, given by the starter). */
async function workerWithId(started: Worker[], id: string): Promise<Worker> {
  for (const worker of started)
    if (
      (await worker.evaluate(() => (globalThis as unknown as { name: string }).name)) ===
      `throughline compare worker ${id}`
    )
      return worker;
  throw new Error(`no compare worker ${id}`);
}

/**
 * What a run ends with when a worker stops: the pool rejects the call in flight on it with the
 * reason; if it stopped between calls (its load answered, the chunks not yet sent), the pool
 * refuses the next call instead.
 */
const stoppedError = (reason: string) =>
  expect.stringMatching(
    new RegExp(
      `^(Worker [12] of 2 stopped: (${reason})|A worker of this pool has stopped \\(Worker [12] of 2 stopped: (${reason})\\); open a new pool\\.)$`,
    ),
  );

let oneThread: LinkageTrialResult;

beforeAll(async () => {
  browser = await launchBrowser(profile);
  dashboard = await openDashboard(browser);
});

afterAll(async () => {
  await browser?.context.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('comparing in parallel in the browser engine', () => {
  it('two dedicated workers, started by the dashboard, give the result of one thread byte for byte', async () => {
    // The dashboard offered itself as a starter when it connected to the engine.
    expect((await workerStatus(dashboard)).starters).toBe(1);
    const started = startedBy(dashboard);

    oneThread = succeeded(await trial(dashboard, small, 1));
    expect(oneThread.workersStarted).toBe(0);
    expect(started).toHaveLength(0);

    const two = succeeded(await trial(dashboard, small, 2));
    expect(two.candidatePairs).toBe(oneThread.candidatePairs);
    expect(two.candidatePairs).toBeGreaterThan(65_536);
    expect(two.digests).toEqual(oneThread.digests); // pairs, vectors, weights and clusters
    expect(two.links).toBe(oneThread.links);
    expect(two.links).toBeGreaterThan(0);
    expect(two.clusters).toBe(oneThread.clusters);

    // Two real workers ran the chunks: the dashboard started two, each answered the frame's load
    // and at least one chunk, and both were stopped when the run ended.
    expect(two.workersStarted).toBe(2);
    expect(started).toHaveLength(2);
    const { workers } = await workerStatus(dashboard);
    expect(workers.map((w) => w.state)).toEqual(['stopped', 'stopped']);
    for (const w of workers) expect(w.answered).toBeGreaterThanOrEqual(2);
    await expect.poll(() => dashboard.workers().length).toBe(0);
  });

  it('a compare worker that dies mid-run ends the run with a clear error, and the next run works', async () => {
    const started = startedBy(dashboard);
    const before = (await workerStatus(dashboard)).started;
    const run = trial(dashboard, larger, 2);
    const victim = await workerWithId(started, await comparingChunks(dashboard, before));
    expect(started).toHaveLength(2);
    // The worker closes itself, as a crash would end it; the engine learns it from the worker's lock.
    const stopping = performance.now();
    await victim.evaluate(() => globalThis.close()).catch(() => {});
    expect(await run).toEqual({ error: stoppedError('the worker stopped') });
    expect(performance.now() - stopping).toBeLessThan(20_000);
    // The other worker is terminated with the pool.
    await expect.poll(() => dashboard.workers().length).toBe(0);

    const again = succeeded(await trial(dashboard, small, 2));
    expect(again.workersStarted).toBe(2);
    expect(again.digests).toEqual(oneThread.digests);
  });

  it('closing the page that started the workers ends the run with a clear error', async () => {
    // The newest page is asked to start workers, so this second dashboard starts them.
    const second = await openDashboard(browser);
    await expect.poll(async () => (await workerStatus(dashboard)).starters).toBe(2);
    const started = startedBy(second);
    const before = (await workerStatus(dashboard)).started;
    const run = trial(dashboard, larger, 2);
    await comparingChunks(dashboard, before);
    expect(started).toHaveLength(2);
    await second.close();
    expect(await run).toEqual({
      error: stoppedError('the page that started it has closed|the worker stopped'),
    });
    await expect.poll(async () => (await workerStatus(dashboard)).starters).toBe(1);

    // The dashboard that asked starts them now.
    const mine = startedBy(dashboard);
    const again = succeeded(await trial(dashboard, small, 2));
    expect(again.digests).toEqual(oneThread.digests);
    expect(mine).toHaveLength(2);
  });

  it('once the offscreen document exists, it starts the workers instead of the pages', async () => {
    // A content script's lookup makes the background create the offscreen document, which
    // connects to the engine and offers itself first.
    const answered = await sendToRouter(dashboard, { type: 'status', payload: null });
    expect(answered.ok).toBe(true);
    await expect.poll(async () => (await workerStatus(dashboard)).starters).toBe(2);

    const byDashboard = startedBy(dashboard);
    const two = succeeded(await trial(dashboard, small, 2));
    expect(two.workersStarted).toBe(2);
    expect(two.digests).toEqual(oneThread.digests);
    expect(byDashboard).toHaveLength(0);
  });
});
