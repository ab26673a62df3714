/**
 * Drives the built extension (built once per run by tests/build-extension.ts) in Debian's
 * Chromium through Playwright: launch with a profile directory, find the extension id, open the
 * dashboard, and reach targets Playwright does not model (the SharedWorker) through CDP.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from '@playwright/test';
import { inject } from 'vitest';
import type { WorkspaceStatus } from '../../engine/api/engine-api';
import { type SynthTable, toCsv } from '../../engine/synth';
import type { MessageType, ResponseOf, RouterMessage } from '../../shared/messages';

/**
 * The built extension: under vitest, the run's own build (tests/build-extension.ts as global
 * setup); from a script such as the browser benchmark, `.output` as `buildExtension()` left it.
 */
const extensionDir = (): string =>
  process.env.VITEST ? inject('extensionDir') : new URL('../../.output/chrome-mv3', import.meta.url).pathname;

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** performance.now() when the launch started. */
  launchedAt: number;
  /** ms from launch until the extension's service worker was running. */
  serviceWorkerMs: number;
}

/**
 * `extension` overrides the built extension directory (a benchmark's or the tour's own build);
 * `headless: false` shows the window (the tour, when there is a display); `args` are added to
 * Chromium's command line (the egress test's proxy flags).
 */
export async function launchBrowser(
  userDataDir: string,
  extension = extensionDir(),
  { headless = true, args = [] }: { headless?: boolean; args?: readonly string[] } = {},
): Promise<ExtensionBrowser> {
  const launchedAt = performance.now();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless,
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...args,
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker');
  return {
    context,
    extensionId: new URL(worker.url()).host,
    launchedAt,
    serviceWorkerMs: performance.now() - launchedAt,
  };
}

export const extensionOrigin = (browser: ExtensionBrowser): string =>
  `chrome-extension://${browser.extensionId}`;

/** Opens a dashboard tab and waits until it has drawn the engine's first status. */
export async function openDashboard(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${extensionOrigin(browser)}/dashboard.html`);
  await page.locator('body[data-results-version]').waitFor();
  return page;
}

/** Shows a dashboard view through its navigation link, as a user would. */
export async function showView(page: Page, view: string): Promise<void> {
  await page.locator(`nav a[href="#${view}"]`).click();
  await page.locator(`section[data-view="${view}"]`).waitFor({ state: 'visible' });
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `throughline-${prefix}-`));

export function writeCsv(dir: string, name: string, table: SynthTable): string {
  const path = join(dir, name);
  writeFileSync(path, toCsv(table));
  return path;
}

// ---- reading the dashboard ----

export interface DatasetRow {
  name: string;
  side: string;
  rows: string;
}

export function datasetRows(page: Page): Promise<DatasetRow[]> {
  return page.locator('#datasets tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const [name, side, count] = [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
      return { name: name ?? '', side: side ?? '', rows: count ?? '' };
    }),
  );
}

/** A number the dashboard shows (formatted with thousands separators). */
export async function shownNumber(page: Page, id: string): Promise<number> {
  const text = (await page.locator(`#${id}`).textContent()) ?? '';
  return Number(text.replace(/,/g, ''));
}

export async function alertText(page: Page): Promise<string> {
  return (await page.getByRole('alert').textContent()) ?? '';
}

/** The engine's status, asked through this page's engine client (the console handle). */
export function engineStatus(page: Page): Promise<WorkspaceStatus> {
  return page.evaluate(() => {
    const engine = globalThis.throughline?.engine;
    if (!engine) throw new Error('globalThis.throughline is not set on this page');
    return engine.status();
  });
}

/**
 * Goes through the import wizard as a user would: shows the import view, chooses the side and
 * the file, and waits for the preview. Returns the wizard's state: `ready` (the Import button
 * can be pressed), `blocked` (problems are listed) or `failed` (the file could not be read).
 */
export async function chooseImportFile(
  page: Page,
  file: string,
  side: 'releases' | 'treatment',
): Promise<'ready' | 'blocked' | 'failed'> {
  await showView(page, 'import');
  await page.locator(`input[name="side"][value="${side}"]`).check();
  await page.locator('#import-file').setInputFiles(file);
  return waitForPreview(page, basename(file));
}

/** Waits until the wizard has previewed this file (after choosing it, or changing a choice). */
export async function waitForPreview(page: Page, fileName: string): Promise<'ready' | 'blocked' | 'failed'> {
  const state = await page.waitForFunction(
    (name) => {
      const section = document.querySelector<HTMLElement>('section[data-view="import"]');
      const found = section?.dataset.state ?? '';
      return section?.dataset.file === name && ['ready', 'blocked', 'failed'].includes(found) && found;
    },
    fileName,
    { timeout: 60_000 },
  );
  return (await state.jsonValue()) as 'ready' | 'blocked' | 'failed';
}

/** Presses Import in a wizard that is ready; throws with the listed problems when it is not. */
async function confirmImport(page: Page, file: string, side: 'releases' | 'treatment'): Promise<void> {
  const state = await chooseImportFile(page, file, side);
  if (state !== 'ready') {
    const problems = await page.locator('#import-problems').textContent();
    throw new Error(`the import wizard is ${state}: ${problems} ${await alertText(page)}`);
  }
  await page.locator('#import-confirm').click();
}

/**
 * Imports a file through the wizard (side, file, preview, Import), then waits until the import
 * is reported done or an error appears; returns the activity line, or throws with the alert's text.
 */
export async function importThroughUi(
  page: Page,
  file: string,
  side: 'releases' | 'treatment',
): Promise<string> {
  await confirmImport(page, file, side);
  return settled(page, new RegExp(`^Imported ${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`));
}

export async function linkThroughUi(page: Page): Promise<string> {
  await showView(page, 'overview');
  await page.getByRole('button', { name: 'Link', exact: true }).click();
  return settled(page, /^Linked: /);
}

/** Starts an import and returns once the engine has reported progress (it is working on it). */
export async function startImport(page: Page, file: string, side: 'releases' | 'treatment'): Promise<void> {
  await confirmImport(page, file, side);
  await page.waitForFunction(() => {
    const stage = document.getElementById('operation-stage')?.textContent ?? '';
    return stage !== '' && stage !== 'Starting...';
  });
}

async function settled(page: Page, done: RegExp): Promise<string> {
  await page.waitForFunction(
    (source) => {
      const activity = document.getElementById('activity')?.textContent ?? '';
      return new RegExp(source).test(activity) || document.getElementById('error-message') !== null;
    },
    done.source,
    { timeout: 120_000 },
  );
  const error = page.locator('#error-message');
  if ((await error.count()) > 0)
    throw new Error(`the dashboard shows an error: ${await error.textContent()}`);
  return (await page.locator('#activity').textContent()) ?? '';
}

// ---- the background router ----

/** Sends a message the way a content script will: `runtime.sendMessage` to the background. */
export function sendToRouter<K extends MessageType>(
  page: Page,
  message: RouterMessage<K>,
): Promise<ResponseOf<K>> {
  return page.evaluate((m) => {
    const { chrome } = globalThis as unknown as {
      chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
    };
    return chrome.runtime.sendMessage(m) as Promise<ResponseOf<K>>;
  }, message);
}

// ---- CDP ----

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export async function cdp(page: Page): Promise<CDPSession> {
  return page.context().newCDPSession(page);
}

export async function extensionTargets(
  session: CDPSession,
  browser: ExtensionBrowser,
): Promise<TargetInfo[]> {
  const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
  return targetInfos.filter((t) => t.url.startsWith(extensionOrigin(browser)));
}

/** Closes every extension target of a type (as a crash or the browser's idle timer would). */
export async function closeTargets(
  session: CDPSession,
  browser: ExtensionBrowser,
  type: 'shared_worker' | 'service_worker',
): Promise<TargetInfo[]> {
  const found = (await extensionTargets(session, browser)).filter((t) => t.type === type);
  for (const target of found) await session.send('Target.closeTarget', { targetId: target.targetId });
  return found;
}

/** Waits until no extension target of this type is left (closing is not instantaneous). */
export async function waitForNoTarget(
  session: CDPSession,
  browser: ExtensionBrowser,
  type: string,
): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (!(await extensionTargets(session, browser)).some((t) => t.type === type)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`a ${type} target was still there after 10 s`);
}

// ---- straight through the page's engine client (for the tests of views that need data) ----

/** Imports a table through the page's engine client, without the import wizard; returns the dataset id. */
export async function importThroughEngine(
  page: Page,
  table: SynthTable,
  fileName: string,
  side: 'releases' | 'treatment',
): Promise<string> {
  const result = await page.evaluate(
    async ({ csv, fileName, side }) => {
      const engine = globalThis.throughline!.engine;
      const outcome = await engine.importDataset({
        bytes: new TextEncoder().encode(csv).buffer as ArrayBuffer,
        fileName,
        side,
      });
      return outcome.ok ? { id: outcome.value.dataset?.id ?? '' } : { error: outcome.error.message };
    },
    { csv: toCsv(table), fileName, side },
  );
  if ('error' in result) throw new Error(`import of ${fileName} failed: ${result.error}`);
  return result.id;
}

/** Links through the page's engine client (seeded), and fixes the as-of date when given. */
export async function linkThroughEngine(
  page: Page,
  options: { seed?: number; asOf?: string } = {},
): Promise<void> {
  const error = await page.evaluate(async ({ seed, asOf }) => {
    const engine = globalThis.throughline!.engine;
    const linked = await engine.link({ seed });
    if (!linked.ok) return linked.error.message;
    if (asOf) {
      const set = await engine.setAsOf(asOf);
      if (!set.ok) return set.error.message;
    }
    return null;
  }, options);
  if (error) throw new Error(`link failed: ${error}`);
}

/** Runs `click`, waits for the download it starts, and returns the file's name and text (without a BOM). */
export async function downloadedText(
  page: Page,
  click: () => Promise<void>,
): Promise<{ fileName: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return { fileName: download.suggestedFilename(), text };
}

// ---- information governance (tests/e2e/governance.test.ts, tests/e2e/egress.test.ts) ----

/** Calls a method of the page's engine client (`globalThis.throughline.engine`) with plain arguments. */
export function engineCall<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ({ method, args }) => {
      const engine = globalThis.throughline!.engine as unknown as Record<
        string,
        (...a: unknown[]) => Promise<unknown>
      >;
      return engine[method]!(...args);
    },
    { method, args },
  ) as Promise<T>;
}

/** Waits until the dashboard has drawn the profile bar for a profile with this role. */
export async function waitForRole(
  page: Page,
  role: 'data-officer' | 'caseworker' | 'ig-lead',
): Promise<void> {
  await page.locator(`body[data-role="${role}"]`).waitFor();
}
