/**
 * Information governance end to end, in real Chromium against the built extension: the IG page
 * (permissions read from the running extension, what is stored, audit verification and export,
 * the printable summary), roles in the dashboard and the engine, encryption at rest across an
 * engine restart (wrong passphrase, then the right one), and the wipe. The tests run in order on
 * one browser profile, each starting from the state the one before left.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WorkspaceStatus } from '../../engine/api/engine-api';
import type { AuditPage, GovernanceStatus } from '../../engine/api/governance-types';
import { synthesise } from '../../engine/synth';
import type { Outcome } from '../../shared/workspace';
import { axeViolations } from './axe';
import { secretsOf } from './egress-proxy';
import {
  cdp,
  closeTargets,
  downloadedText,
  type ExtensionBrowser,
  engineCall,
  engineStatus,
  importThroughUi,
  launchBrowser,
  linkThroughUi,
  openDashboard,
  showView,
  tempDir,
  waitForNoTarget,
  waitForRole,
  writeCsv,
} from './harness';

const dataDir = tempDir('governance-data');
const profile = tempDir('governance-profile');
const data = synthesise({ people: 300, treatment: 600, seed: 31 });
const files = {
  releases: writeCsv(dataDir, 'releases.csv', data.releases),
  treatment: writeCsv(dataDir, 'treatment.csv', data.treatment),
};
const PASSPHRASE = 'four random words here';

let browser: ExtensionBrowser;
let page: Page;

const governance = async (): Promise<GovernanceStatus> => {
  const outcome = await engineCall<Outcome<GovernanceStatus>>(page, 'governanceStatus');
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
};
const visibleNav = (): Promise<string[]> =>
  page
    .locator('nav li:not([hidden]) a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));

async function switchTo(name: string, role: 'data-officer' | 'caseworker' | 'ig-lead'): Promise<void> {
  const option = page.locator('#profile-select option', { hasText: name });
  await page.locator('#profile-select').selectOption((await option.getAttribute('value')) ?? '');
  await page.getByRole('button', { name: 'Switch profile' }).click();
  await waitForRole(page, role);
}

beforeAll(async () => {
  browser = await launchBrowser(profile);
  page = await openDashboard(browser);
  await waitForRole(page, 'data-officer');
});

afterAll(async () => {
  await browser?.context.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('the information-governance page', () => {
  it('lists exactly the permissions of the manifest the browser loaded, each explained', async () => {
    await showView(page, 'governance');
    const onDisk = JSON.parse(readFileSync(join(inject('extensionDir'), 'manifest.json'), 'utf8'));
    const expected = [
      ...(onDisk.permissions ?? []),
      ...(onDisk.host_permissions ?? []),
      ...(onDisk.optional_host_permissions ?? []),
    ];
    await page.locator('#ig-permissions tbody tr').first().waitFor();
    const shown = await page
      .locator('#ig-permissions tbody tr')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.permission ?? ''));
    expect(shown).toEqual(expected);
    expect(await page.locator('#ig-permissions td.ig-warning').count()).toBe(0);
    const csp = await page.locator('#ig-csp tbody th').allTextContents();
    expect(csp).toEqual(
      onDisk.content_security_policy.extension_pages.split(';').map((d: string) => d.trim()),
    );
    expect(await page.locator('.ig-flow svg title').textContent()).toContain(
      'everything stays on this device',
    );
    // The whole page: the IG view with the profile bar every view now has above the navigation.
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows what is stored after an import and a link, verifies the trail, and exports it without record contents', async () => {
    await importThroughUi(page, files.releases, 'releases');
    await importThroughUi(page, files.treatment, 'treatment');
    await linkThroughUi(page);
    await showView(page, 'governance');
    await expect.poll(() => page.locator('#ig-datasets tbody tr').count()).toBe(2);
    const stored = await page.locator('#ig-stored').textContent();
    expect(stored).toContain('Records900');
    expect(stored).toMatch(/Space used by this extension in the browser\d/);
    const kept = await page.locator('#ig-datasets tbody tr').first().locator('td').nth(5).textContent();
    expect(kept).toBeTruthy();

    await page.getByRole('button', { name: 'Verify the audit trail' }).click();
    await page.locator('#ig-verify-result[data-result="intact"]').waitFor();
    const csv = await downloadedText(page, () =>
      page.getByRole('button', { name: 'Export the audit trail (CSV)' }).click(),
    );
    expect(csv.fileName).toMatch(/^throughline-audit-\d{4}-\d{2}-\d{2}-\d+\.csv$/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^seq,at,actor\.profileId/);
    expect(csv.text).toContain('releases.csv');
    const secrets = secretsOf([readFileSync(files.releases, 'utf8'), readFileSync(files.treatment, 'utf8')]);
    const leaked = secrets.filter((s) =>
      new RegExp(`(?<![A-Za-z0-9])${s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![A-Za-z0-9])`).test(
        csv.text,
      ),
    );
    expect(leaked).toEqual([]);
    const json = await downloadedText(page, () =>
      page.getByRole('button', { name: 'Export the audit trail (JSON)' }).click(),
    );
    const parsed = JSON.parse(json.text);
    expect(parsed).toMatchObject({ format: 'throughline-audit', verification: { ok: true } });
    expect(parsed.entries.at(-1)).toMatchObject({ action: 'export', details: { kind: 'audit-json' } });
    const actions = parsed.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['role-change', 'switch-profile', 'import', 'link', 'export']),
    );
  });

  it('prints a summary for a DPIA (recorded), with a print stylesheet that shows only the IG page', async () => {
    await page.evaluate(() => {
      window.print = () => {
        document.body.dataset.printed = 'yes';
      };
    });
    await page.getByRole('button', { name: 'Print a summary for the DPIA' }).click();
    await page.locator('body[data-printed="yes"]').waitFor();
    expect(await page.locator('#ig-print-note').textContent()).toMatch(
      /^Printed .* latest entry's hash [0-9a-f]{64}\.$/,
    );
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('main > nav').isVisible()).toBe(false);
      expect(await page.locator('#profile-bar').isVisible()).toBe(false);
      expect(await page.locator('#ig-print').isVisible()).toBe(false);
      expect(await page.locator('#ig-wipe-form').isVisible()).toBe(false);
      expect(await page.locator('.ig-flow svg').isVisible()).toBe(true);
      expect(await page.locator('#ig-permissions').isVisible()).toBe(true);
      expect(await page.locator('#ig-audit-summary').isVisible()).toBe(true);
      expect(await page.locator('#ig-print-note').isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    const log = await engineCall<Outcome<AuditPage>>(page, 'auditLog', { limit: 1 });
    expect(log.ok && log.value.entries[0]).toMatchObject({
      action: 'export',
      details: { kind: 'governance-summary', destination: 'print' },
    });
  });
});

describe('roles', () => {
  it('an IG lead sees only the IG page and the engine refuses them record contents; a caseworker sees the case systems', async () => {
    await showView(page, 'governance');
    for (const [name, role] of [
      ['Ira Governance', 'ig-lead'],
      ['Sam Casework', 'caseworker'],
    ] as const) {
      await page.locator('#ig-profile-name').fill(name);
      await page.locator('#ig-profile-role').selectOption(role);
      await page.getByRole('button', { name: 'Add profile' }).click();
      await page.locator('#ig-profiles tbody tr', { hasText: name }).waitFor();
    }

    await switchTo('Ira Governance', 'ig-lead');
    expect(await visibleNav()).toEqual(['#governance']);
    expect(await page.locator('section[data-view="governance"]').isVisible()).toBe(true);
    await page.evaluate(() => {
      window.location.hash = '#review';
    });
    await expect.poll(() => page.locator('section[data-view="review"]').isVisible()).toBe(false);
    const key = `${(await engineStatus(page)).datasets[0]!.id}/${data.releases.rows[0]![0]}`;
    const records = await engineCall<Outcome<unknown>>(page, 'records', [key]);
    expect(records).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await engineCall<Outcome<unknown>>(page, 'reviewQueue')).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(
      await engineCall<Outcome<unknown>>(page, 'lookupBatch', [{ recordId: data.releases.rows[0]![0] }]),
    ).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect((await engineCall<Outcome<AuditPage>>(page, 'auditLog')).ok).toBe(true);
    expect(await page.locator('#ig-delete-trail-form').isVisible()).toBe(true);

    await switchTo('Sam Casework', 'caseworker');
    expect(await visibleNav()).toEqual(['#sites']);
    expect(await engineCall<Outcome<unknown>>(page, 'exportContinuity', { kind: 'worklist' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect((await engineCall<Outcome<unknown[]>>(page, 'records', [key])).ok).toBe(true);

    await switchTo('Data officer', 'data-officer');
    expect((await visibleNav()).length).toBeGreaterThanOrEqual(7);
    const roles = (await governance()).profiles.map((p) => p.role).sort();
    expect(roles).toEqual(['caseworker', 'data-officer', 'ig-lead']);
    const log = await engineCall<Outcome<AuditPage>>(page, 'auditLog', { limit: 200 });
    const switches = log.ok ? log.value.entries.filter((e) => e.action === 'switch-profile') : [];
    expect(switches.length).toBeGreaterThanOrEqual(4);
  });
});

describe('encryption at rest', () => {
  it('encrypts, starts locked after the engine restarts, survives a wrong passphrase, and unlocks with the right one', async () => {
    const before = await engineStatus(page);
    await showView(page, 'governance');
    await page.locator('#ig-pass-new').fill(PASSPHRASE);
    await page.locator('#ig-pass-confirm').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Turn encryption on' }).click();
    await expect.poll(async () => (await governance()).encryption, { timeout: 60_000 }).toBe('unlocked');

    // The engine stops (as when every page is closed) and starts again: locked.
    const session = await cdp(page);
    await closeTargets(session, browser, 'shared_worker');
    await waitForNoTarget(session, browser, 'shared_worker');
    await page.reload();
    await page.locator('body[data-encryption="locked"]').waitFor();
    expect(await page.locator('#unlock-panel').isVisible()).toBe(true);
    expect(await visibleNav()).toEqual(['#sites', '#governance']);
    const locked = await engineStatus(page);
    expect(locked.pairs).toBe(0);
    expect(
      await engineCall<Outcome<unknown>>(page, 'lookupBatch', [{ recordId: data.releases.rows[0]![0] }]),
    ).toMatchObject({
      ok: false,
      error: { kind: 'locked' },
    });

    await page.locator('#unlock-passphrase').fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => page.locator('#unlock-message').textContent(), { timeout: 30_000 })
      .toMatch(/not correct/);
    expect(await page.locator('body').getAttribute('data-encryption')).toBe('locked');

    await page.locator('#unlock-passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.locator('body[data-encryption="unlocked"]').waitFor({ timeout: 30_000 });
    const after: WorkspaceStatus = await engineStatus(page);
    expect({ records: after.records, pairs: after.pairs, links: after.links }).toEqual({
      records: before.records,
      pairs: before.pairs,
      links: before.links,
    });
    const log = await engineCall<Outcome<AuditPage>>(page, 'auditLog', { limit: 5 });
    expect(log.ok && log.value.entries.map((e) => e.action).slice(0, 2)).toEqual(['unlock', 'unlock-failed']);
  });
});

describe('wiping', () => {
  it('wipes everything in one step; the page shows what was wiped; only the audit trail is left, and it verifies', async () => {
    await showView(page, 'governance');
    await page.locator('#ig-wipe-confirm').fill('WIPE');
    await page.getByRole('button', { name: 'Wipe everything' }).click();
    await expect
      .poll(() => page.locator('#ig-last-wipe').textContent(), { timeout: 60_000 })
      .toMatch(
        /^Last wipe: .* by Data officer \(Data officer\): 2 datasets, 900 records, .* deleted \(audit entry \d+\)\.$/,
      );
    expect((await engineStatus(page)).datasets).toEqual([]);

    // The database itself, read from the page: every table empty but the audit trail (and the
    // settings a wipe keeps: profiles, governance settings, the anchor and the key information).
    const tables = await page.evaluate(
      () =>
        new Promise<Record<string, number>>((resolve, reject) => {
          const open = indexedDB.open('throughline');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const names = [...db.objectStoreNames];
            const tx = db.transaction(names, 'readonly');
            const counts: Record<string, number> = {};
            for (const name of names) {
              const request = tx.objectStore(name).count();
              request.onsuccess = () => {
                counts[name] = request.result;
              };
            }
            tx.oncomplete = () => {
              db.close();
              resolve(counts);
            };
          };
        }),
    );
    const { audit, settings, ...rest } = tables;
    expect(Object.values(rest).every((n) => n === 0)).toBe(true);
    expect(Object.keys(rest).sort()).toEqual([
      'datasets',
      'decisions',
      'models',
      'recordChunks',
      'results',
      'runs',
      'tables',
    ]);
    expect(audit).toBeGreaterThan(10);
    expect(settings).toBeLessThanOrEqual(8);

    await page.getByRole('button', { name: 'Verify the audit trail' }).click();
    await page.locator('#ig-verify-result[data-result="intact"]').waitFor();
    const log = await engineCall<Outcome<AuditPage>>(page, 'auditLog', { limit: 1 });
    expect(log.ok && log.value.entries[0]).toMatchObject({
      action: 'wipe',
      details: { datasetCount: 2, recordCount: 900 },
    });
  });
});
