/**
 * `npm start`: the whole product on demo data, as a data officer and a caseworker would see it.
 * Builds the extension, starts the two demo case systems on 127.0.0.1, launches Debian's Chromium
 * with the extension, imports the demo CSVs through the dashboard's wizard, links them, enables
 * both case systems from the dashboard and opens their badged pages.
 *
 * With a display the browser stays open for you to explore (Ctrl+C ends the tour); without one the
 * same tour runs headless and saves screenshots, printing where they are.
 *
 *   npm start -- [--out DIR] [--headless] [--people N]
 *
 * The demo build is granted http://127.0.0.1 up front, as the end-to-end tests' build is
 * (wxt.config.ts): a headless browser cannot answer the permission prompt a user would see when
 * enabling a case system. Nothing else differs from the production build.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { buildInto, E2E_HOSTS } from '../../tests/build-extension';
import {
  type ExtensionBrowser,
  extensionOrigin,
  importThroughUi,
  launchBrowser,
  linkThroughUi,
  openDashboard,
  showView,
} from '../../tests/e2e/harness';
import { todayIso, writeDemoCsvs } from './data';
import { startDemoSites } from './server';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'out/tour' },
    headless: { type: 'boolean', default: false },
    people: { type: 'string', default: '300' },
  },
});
const out = resolve(values.out);
const headless = values.headless || !process.env.DISPLAY;
const people = Number(values.people);
const options = { seed: 7, people, treatment: people * 2, asOf: todayIso() };

const say = (line: string) => console.log(line);

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  const shots = join(out, 'screenshots');
  mkdirSync(shots, { recursive: true });

  say('Building the extension...');
  const extension = buildInto(join(out, 'build'), { e2eHosts: E2E_HOSTS });
  const files = writeDemoCsvs(join(out, 'data'), options);
  const sites = await startDemoSites(options);
  say(
    `Demo case systems:\n  treatment provider  ${sites.treatmentUrl}\n  release referrals   ${sites.releasesUrl}`,
  );

  const browser = await launchBrowser(join(out, 'profile'), extension, { headless });
  const shot = async (page: Page, name: string, fullPage = true) => {
    const path = join(shots, `${name}.png`);
    await page.screenshot({ path, fullPage });
    say(`  screenshot  ${path}`);
  };
  try {
    const dashboard = await openDashboard(browser);
    await dashboard.setViewportSize({ width: 1280, height: 900 });
    say(`Importing ${files.releases} and ${files.treatment} through the dashboard...`);
    await importThroughUi(dashboard, files.releases, 'releases');
    await importThroughUi(dashboard, files.treatment, 'treatment');
    say('Linking...');
    say(`  ${await linkThroughUi(dashboard)}`);
    await shot(dashboard, 'dashboard-overview');
    for (const view of ['import', 'review', 'continuity', 'duplicates']) {
      await showView(dashboard, view);
      await dashboard.waitForTimeout(500); // a view draws its data when shown
      await shot(dashboard, `dashboard-${view}`);
    }

    say('Enabling both case systems from the dashboard...');
    await showView(dashboard, 'sites');
    const enable = dashboard.getByRole('button', { name: /^Enable .*\(demo\)$/ });
    for (let left = await enable.count(); left > 0; left--) {
      await enable.first().click();
      await dashboard.waitForFunction(
        (n) => document.querySelectorAll('button[aria-label^="Enable "][aria-label$="(demo)"]').length < n,
        left,
      );
    }
    await shot(dashboard, 'dashboard-sites');

    for (const [name, url] of [
      ['treatment-client-list', sites.treatmentUrl],
      ['release-referrals', sites.releasesUrl],
    ] as const) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url);
      await page.locator('throughline-badges').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500); // the rest of the page's rows
      await shot(page, `badges-${name}`, false); // the first screenful of rows
    }
    await showDetails(browser, shots);

    if (headless) {
      say(`Done. Screenshots are in ${shots}`);
      return;
    }
    say('Chromium is open with the extension and both demo case systems. Press Ctrl+C to end the tour.');
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      browser.context.once('close', () => done());
    });
  } finally {
    await browser.context.close().catch(() => undefined);
    await sites.close();
  }
}

/** The side panel's details for the first badged person (opened as a tab: headless has no panel). */
async function showDetails(browser: ExtensionBrowser, shots: string): Promise<void> {
  const [site] = browser.context.pages().slice(-1);
  // From the keyboard, as the hostile demo markup may lay a cell over the badge.
  await site.locator('throughline-badges').first().locator('button').first().focus();
  await site.keyboard.press('Enter');
  const panel = await browser.context.newPage();
  await panel.setViewportSize({ width: 480, height: 900 });
  await panel.goto(`${extensionOrigin(browser)}/sidepanel.html`);
  await panel.waitForTimeout(1000);
  const path = join(shots, 'side-panel.png');
  await panel.screenshot({ path, fullPage: true });
  say(`  screenshot  ${path}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`The tour stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
