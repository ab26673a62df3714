/**
 * What encryption at rest costs in Chromium, at 10,000 releases x 10,000 treatment records:
 * import and link with encryption off, then the same in a fresh profile with encryption turned on
 * first (every record chunk, normalised table, result and decision sealed with AES-GCM on its
 * way to IndexedDB); then turning encryption on over the existing data, and unlocking (PBKDF2,
 * opening every sealed row, loading the state). Through the dashboard's engine client, i.e. the
 * real shared worker over IndexedDB. Builds the extension into a directory of its own.
 *
 *   npx tsx tests/bench/encryption-browser.ts [SIZE]
 */
import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { synthesise, toCsv } from '../../engine/synth';
import { buildInto } from '../build-extension';
import { cdp, closeTargets, launchBrowser, openDashboard, tempDir, waitForNoTarget } from '../e2e/harness';

const size = Number(process.argv[2] ?? 10_000);
const PASSPHRASE = 'four random words here';
const data = synthesise({ people: size, treatment: size, seed: 3 });
const csv = { releases: toCsv(data.releases), treatment: toCsv(data.treatment) };
const buildDir = tempDir('encryption-build');
const extension = buildInto(buildDir);

/** Runs one engine call in the page and returns how long it took (ms); throws on a failed Outcome. */
async function timed(page: Page, script: string): Promise<number> {
  const result = await page.evaluate(`(async () => {
    const engine = globalThis.throughline.engine;
    const started = performance.now();
    const outcome = await (${script});
    const ms = performance.now() - started;
    if (outcome && outcome.ok === false) throw new Error(outcome.error.message);
    return ms;
  })()`);
  return result as number;
}

const importCall = (side: 'releases' | 'treatment') =>
  `engine.importDataset({ bytes: new TextEncoder().encode(${JSON.stringify(csv[side])}).buffer, fileName: '${side}.csv', side: '${side}' })`;

async function session(encrypted: boolean) {
  const profile = tempDir('encryption-bench');
  const browser = await launchBrowser(profile, extension);
  try {
    const page = await openDashboard(browser);
    if (encrypted) await timed(page, `engine.enableEncryption(${JSON.stringify(PASSPHRASE)})`);
    const releases = await timed(page, importCall('releases'));
    const treatment = await timed(page, importCall('treatment'));
    const link = await timed(page, 'engine.link({ seed: 1 })');
    let enableOnData: number | null = null;
    if (!encrypted)
      enableOnData = await timed(page, `engine.enableEncryption(${JSON.stringify(PASSPHRASE)})`);
    // A restart of the engine, then unlock: PBKDF2, open every sealed row, load the state.
    const session = await cdp(page);
    await closeTargets(session, browser, 'shared_worker');
    await waitForNoTarget(session, browser, 'shared_worker');
    await page.reload();
    await page.locator('body[data-results-version]').waitFor();
    const unlock = await timed(page, `engine.unlock(${JSON.stringify(PASSPHRASE)})`);
    return { releases, treatment, link, enableOnData, unlock };
  } finally {
    await browser.context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

try {
  const plain = await session(false);
  const sealed = await session(true);
  const row = (name: string, a: number, b: number) =>
    console.log(
      `${name.padEnd(34)} ${a.toFixed(0).padStart(7)} ms ${b.toFixed(0).padStart(9)} ms   ${((b / a - 1) * 100).toFixed(0).padStart(4)}%`,
    );
  console.log(
    `encryption at rest, ${size.toLocaleString('en-GB')} x ${size.toLocaleString('en-GB')}, Chromium`,
  );
  console.log(`${''.padEnd(34)} ${'off'.padStart(10)} ${'on'.padStart(12)}   overhead`);
  row(`import ${size.toLocaleString('en-GB')} releases`, plain.releases, sealed.releases);
  row(`import ${size.toLocaleString('en-GB')} treatment records`, plain.treatment, sealed.treatment);
  row('link (train, match, continuity)', plain.link, sealed.link);
  console.log(`turning encryption on over the stored data: ${plain.enableOnData?.toFixed(0)} ms`);
  console.log(`unlock after a restart (PBKDF2 600,000 + open + load): ${sealed.unlock.toFixed(0)} ms`);
  console.log(JSON.stringify({ size, plain, sealed }));
} finally {
  rmSync(buildDir, { recursive: true, force: true });
}
