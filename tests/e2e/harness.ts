/**
 * Drives the built extension (built once per run by tests/build-extension.ts) in Debian's
 * Chromium through Playwright: launch with a profile directory, find the extension id, open the
 * dashboard, and reach targets Playwright does not model (the SharedWorker) through CDP.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
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

export async function launchBrowser(userDataDir: string): Promise<ExtensionBrowser> {
  const launchedAt = performance.now();
  const extension = extensionDir();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
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
 * Chooses the side and the file in the dashboard, then waits until the import is reported done
 * or an error appears; returns the activity line, or throws with the alert's text.
 */
export async function importThroughUi(
  page: Page,
  file: string,
  side: 'releases' | 'treatment',
): Promise<string> {
  await showView(page, 'import');
  await page.locator(`input[name="side"][value="${side}"]`).check();
  await page.locator('#import-file').setInputFiles(file);
  return settled(page, new RegExp(`^Imported ${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`));
}

export async function linkThroughUi(page: Page): Promise<string> {
  await showView(page, 'overview');
  await page.getByRole('button', { name: 'Link', exact: true }).click();
  return settled(page, /^Linked: /);
}

/** Starts an import and returns once the engine has reported progress (it is working on it). */
export async function startImport(page: Page, file: string, side: 'releases' | 'treatment'): Promise<void> {
  await showView(page, 'import');
  await page.locator(`input[name="side"][value="${side}"]`).check();
  await page.locator('#import-file').setInputFiles(file);
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
