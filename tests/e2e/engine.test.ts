/**
 * The extension end to end, in real Chromium: the dashboard UI, the engine's SharedWorker, Dexie
 * over the real IndexedDB, the background router and the offscreen document. The tests run in
 * order on one browser profile, each starting from the state the one before left.
 */
import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkspaceStatus } from '../../engine/api/engine-api';
import { synthesise } from '../../engine/synth';
import {
  alertText,
  cdp,
  closeTargets,
  type DatasetRow,
  datasetRows,
  type ExtensionBrowser,
  engineStatus,
  extensionOrigin,
  extensionTargets,
  importThroughUi,
  launchBrowser,
  linkThroughUi,
  openDashboard,
  sendToRouter,
  shownNumber,
  startImport,
  tempDir,
  waitForNoTarget,
  writeCsv,
} from './harness';

const dataDir = tempDir('e2e-data');
const profile = tempDir('e2e-profile');

// Small files keep the tests quick; the big one takes the engine seconds to import, so a test
// can act (kill the worker, close the browser, cancel) while the import is surely in flight.
const small = synthesise({ people: 300, treatment: 600, seed: 11 });
const extra = synthesise({ people: 40, treatment: 80, seed: 12 });
const big = synthesise({ people: 20_000, treatment: 0, seed: 13 });
const files = {
  releases: writeCsv(dataDir, 'releases.csv', small.releases),
  treatment: writeCsv(dataDir, 'treatment.csv', small.treatment),
  extraTreatment: writeCsv(dataDir, 'more-treatment.csv', extra.treatment),
  bigReleases: writeCsv(dataDir, 'big-releases.csv', big.releases),
};

let browser: ExtensionBrowser | null = null;
let dashboard: Page;
/** The workspace as the last test that changed it left it. */
let expected: { rows: DatasetRow[]; status: WorkspaceStatus };
const timings: Record<string, number> = {};

async function relaunch(): Promise<void> {
  await browser?.context.close();
  browser = await launchBrowser(profile);
  dashboard = await openDashboard(browser);
}

/** What must survive every failure: the datasets and the results, as last stored. */
function durable(status: WorkspaceStatus) {
  const { datasets, records, pairs, links, resultsVersion, model } = status;
  return { datasets, records, pairs, links, resultsVersion, model };
}

async function expectIntact(page: Page): Promise<void> {
  expect(await datasetRows(page)).toEqual(expected.rows);
  expect(durable(await engineStatus(page))).toEqual(durable(expected.status));
}

async function remember(page: Page): Promise<void> {
  expected = { rows: await datasetRows(page), status: await engineStatus(page) };
}

function timed(name: string, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    const started = performance.now();
    await body();
    timings[name] = Math.round(performance.now() - started);
  };
}

describe('throughline in Chromium', () => {
  const suiteStarted = performance.now();

  afterAll(async () => {
    await browser?.context.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
    timings['whole suite'] = Math.round(performance.now() - suiteStarted);
    console.log('e2e timings (ms):', JSON.stringify(timings));
  });

  it(
    'a. imports releases and treatment through the dashboard, links them, and shows the result',
    timed('a', async () => {
      browser = await launchBrowser(profile);
      const opening = performance.now();
      dashboard = await openDashboard(browser);
      timings['a: launch to service worker'] = Math.round(browser.serviceWorkerMs);
      timings['a: dashboard opened to first engine answer (empty store)'] = Math.round(
        performance.now() - opening,
      );
      timings['a: launch to first engine answer'] = Math.round(performance.now() - browser.launchedAt);

      await importThroughUi(dashboard, files.releases, 'releases');
      await importThroughUi(dashboard, files.treatment, 'treatment');
      const linked = await linkThroughUi(dashboard);
      expect(linked).toMatch(/^Linked: /);

      expect(await datasetRows(dashboard)).toEqual([
        { name: 'releases.csv', side: 'Prison releases', rows: '300' },
        { name: 'treatment.csv', side: 'Community treatment', rows: '600' },
      ]);
      expect(await shownNumber(dashboard, 'count-releases')).toBe(300);
      expect(await shownNumber(dashboard, 'count-treatment')).toBe(600);
      expect(await shownNumber(dashboard, 'count-links')).toBeGreaterThan(0);
      expect(await shownNumber(dashboard, 'results-version')).toBeGreaterThan(0);
      expect(await alertText(dashboard)).toBe('');
      await remember(dashboard);
    }),
  );

  it(
    'b. a second dashboard tab sees the same workspace, and a change in one shows in the other',
    timed('b', async () => {
      const second = await openDashboard(browser!);
      expect(await datasetRows(second)).toEqual(expected.rows);
      expect(await shownNumber(second, 'count-links')).toBe(expected.status.links);
      // Both tabs talk to one engine: one SharedWorker, one in-memory index, one writer.
      const session = await cdp(second);
      const engines = (await extensionTargets(session, browser!)).filter((t) => t.type === 'shared_worker');
      expect(engines).toHaveLength(1);
      await session.detach();

      await importThroughUi(second, files.extraTreatment, 'treatment');
      const after = await engineStatus(second);
      expect(after.resultsVersion).toBeGreaterThan(expected.status.resultsVersion);
      // The first tab redraws on its own (storage.onChanged), without a reload.
      await expect
        .poll(() => shownNumber(dashboard, 'results-version'), { timeout: 10_000 })
        .toBe(after.resultsVersion);
      expect(await datasetRows(dashboard)).toEqual([
        ...expected.rows,
        { name: 'more-treatment.csv', side: 'Community treatment', rows: '80' },
      ]);
      await second.close();
      await remember(dashboard);
    }),
  );

  it(
    'c. the workspace survives a browser restart',
    timed('c', async () => {
      await relaunch();
      timings['c: relaunch to first engine answer (stored workspace)'] = Math.round(
        performance.now() - browser!.launchedAt,
      );
      await expectIntact(dashboard);
      expect((await engineStatus(dashboard)).interrupted).toBeNull();
    }),
  );

  it(
    'd. after the service worker is stopped, a lookup through the background router still answers',
    timed('d', async () => {
      const [releaseId] = small.releases.rows[0]!;
      const [treatmentId] = small.treatment.rows[0]!;
      const direct = await dashboard.evaluate(
        (ids) => Promise.all(ids.map((recordId) => globalThis.throughline!.engine.lookup({ recordId }))),
        [releaseId!, treatmentId!],
      );

      let started = performance.now();
      const first = await sendToRouter(dashboard, { type: 'lookup', payload: { recordId: releaseId! } });
      timings['d: first router lookup (creates the offscreen document)'] = Math.round(
        performance.now() - started,
      );
      expect(first).toEqual(direct[0]);

      const session = await cdp(dashboard);
      expect(await closeTargets(session, browser!, 'service_worker')).toHaveLength(1);
      await waitForNoTarget(session, browser!, 'service_worker');

      started = performance.now();
      const afterRestart = await sendToRouter(dashboard, {
        type: 'lookupBatch',
        payload: [{ recordId: releaseId! }, { recordId: treatmentId! }],
      });
      timings['d: router lookup after the service worker restart'] = Math.round(performance.now() - started);
      expect(afterRestart.ok).toBe(true);
      if (!afterRestart.ok || !direct[0]!.ok || !direct[1]!.ok) return;
      expect(afterRestart.value).toEqual([direct[0].value, direct[1].value]);
      const [release, treatment] = afterRestart.value;
      expect(release!.match).toMatchObject({ recordId: releaseId, side: 'releases' });
      expect(treatment!.match).toMatchObject({ recordId: treatmentId, side: 'treatment' });

      const status = await sendToRouter(dashboard, { type: 'status', payload: null });
      expect(status.ok && durable(status.value)).toEqual(durable(expected.status));
      await session.detach();
    }),
  );

  it(
    'e. a crashed engine: the call in flight reports engine-lost, the next call starts a fresh worker, the data is intact',
    timed('e', async () => {
      const session = await cdp(dashboard);

      // Between calls: the next call simply works, on a new worker.
      const [before] = await closeTargets(session, browser!, 'shared_worker');
      expect(before).toBeDefined();
      await waitForNoTarget(session, browser!, 'shared_worker');
      expect(durable(await engineStatus(dashboard))).toEqual(durable(expected.status));
      const fresh = (await extensionTargets(session, browser!)).find((t) => t.type === 'shared_worker');
      expect(fresh?.targetId).toBeDefined();
      expect(fresh?.targetId).not.toBe(before!.targetId);

      // In flight: kill the worker while it is importing 20,000 rows.
      await startImport(dashboard, files.bigReleases, 'releases');
      await closeTargets(session, browser!, 'shared_worker');
      await expect
        .poll(() => alertText(dashboard), { timeout: 10_000 })
        .toMatch(/engine stopped before it answered/);
      // The dashboard refreshed on a fresh worker: old data intact, the lost import reported.
      await expect
        .poll(() => alertText(dashboard), { timeout: 10_000 })
        .toMatch(/"big-releases\.csv".*did not finish/);
      await expectIntact(dashboard);

      // The lost import is not a half-import, and the offscreen document's client reconnects too.
      const lookup = await sendToRouter(dashboard, {
        type: 'lookup',
        payload: { recordId: big.releases.rows[0]![0]! },
      });
      expect(lookup.ok && lookup.value.match).toBeNull();
      // The dashboard and the offscreen document reconnected to one new engine, not one each.
      const engines = (await extensionTargets(session, browser!)).filter((t) => t.type === 'shared_worker');
      expect(engines).toHaveLength(1);
      await dashboard.getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(async () => (await engineStatus(dashboard)).interrupted).toBeNull();
      await session.detach();
    }),
  );

  it(
    'f. storage full: the import is refused with a message, and what was stored is intact',
    timed('f', async () => {
      // IndexedDB lets a connection keep writing for up to 30 s on the free space it last saw
      // (Chromium's kBucketSpaceCacheTimeLimit), so a quota lowered under a running engine bites
      // only later. Lower it in a fresh browser before the engine has written anything instead:
      // a device that is already full when the browser starts.
      await browser?.context.close();
      browser = await launchBrowser(profile);
      const blank = browser.context.pages()[0] ?? (await browser.context.newPage());
      const session = await cdp(blank);
      const origin = extensionOrigin(browser);
      const { usage } = (await session.send('Storage.getUsageAndQuota', { origin })) as { usage: number };
      await session.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 1024 });
      dashboard = await openDashboard(browser);

      await expect(importThroughUi(dashboard, files.extraTreatment, 'treatment')).rejects.toThrow(
        /no storage space left/,
      );
      expect(await alertText(dashboard)).toMatch(/no storage space left/);
      await expectIntact(dashboard);

      await session.send('Storage.overrideQuotaForOrigin', { origin }); // back to the real quota
      await session.detach();
    }),
  );

  it(
    'g. the browser closed in the middle of an import: the earlier state is intact and the interruption is reported',
    timed('g', async () => {
      await startImport(dashboard, files.bigReleases, 'releases');
      await relaunch();
      await expectIntact(dashboard);
      const notice = dashboard.locator('#interrupted-notice');
      await expect.poll(() => notice.textContent()).toMatch(/import of "big-releases\.csv".*did not finish/);
      expect(await dashboard.getByRole('alert').textContent()).toContain('big-releases.csv');
    }),
  );

  it(
    'h. Cancel stops an import in flight; nothing from it is stored',
    timed('h', async () => {
      await startImport(dashboard, files.bigReleases, 'releases');
      await dashboard.getByRole('button', { name: 'Cancel' }).click();
      await expect
        .poll(() => dashboard.locator('#activity').textContent(), { timeout: 60_000 })
        .toMatch(/^Cancelled/);
      expect(await dashboard.locator('#error-message').count()).toBe(0);
      await expectIntact(dashboard);
    }),
  );

  it(
    "i. an import's bytes are transferred to the engine, not copied",
    timed('i', async () => {
      const after = await dashboard.evaluate(async () => {
        const bytes = new TextEncoder().encode('Booking Ref,Surname\n').buffer;
        const outcome = await globalThis.throughline!.engine.importDataset({
          bytes,
          fileName: 'header-only.csv',
          side: 'releases',
        });
        return { byteLength: bytes.byteLength, ok: outcome.ok };
      });
      expect(after).toEqual({ byteLength: 0, ok: false }); // detached here; refused there (no rows)
      await expectIntact(dashboard);
    }),
  );
});
