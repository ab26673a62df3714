/**
 * Information governance in the dashboard:
 * - the profile bar (who is using throughline here; switching is audited) and, with encryption
 *   on, the unlock form;
 * - which views the profile's role may see (roles.ts; the engine refuses the rest anyway);
 * - the IG page (`#governance`): the data-flow picture, what is stored and for how long, the
 *   audit trail with verification and exports, the manifest's permissions read from the running
 *   extension, encryption, profiles, wiping, and a printable summary for a DPIA.
 */
import { browser } from 'wxt/browser';
import {
  type GovernanceStatus,
  type Profile,
  ROLE_LABELS,
  ROLES,
  type Role,
} from '../../../../engine/api/governance-types';
import type { AuditEntry } from '../../../../engine/audit';
import { WORKSPACE_CHANGED_KEY } from '../../../../shared/messages';
import type { Outcome } from '../../../../shared/workspace';
import { describeError, messageOf } from '../alerts';
import { type Dashboard, reportOutcome } from '../context';
import { h } from '../continuity/dom';
import { cell, element, formatCount } from '../dom';
import { download } from '../download';
import { SIDE_LABELS } from '../status-panel';
import { type ManifestLike, permissionLines, policyLines } from './permissions';
import { viewsFor } from './roles';
import './governance.css';

const AUDIT_PAGE = 20;

const ACTION_WORDS: Record<string, string> = {
  import: 'Imported a dataset',
  'replace-dataset': 'Replaced a dataset',
  'remove-dataset': 'Removed a dataset',
  link: 'Linkage run',
  continuity: 'Continuity run',
  'review-decision': 'Review decision',
  'view-person': 'Viewed records',
  export: 'Exported',
  'settings-change': 'Changed a setting',
  purge: 'Purged (retention)',
  wipe: 'Wiped everything',
  unlock: 'Unlocked',
  'unlock-failed': 'Wrong passphrase',
  'role-change': 'Role changed',
  'record-change': 'Changed records',
  'switch-profile': 'Switched profile',
  lock: 'Locked',
  'audit-deleted': 'Audit trail deleted',
};

const when = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '';
const day = (iso: string): string => new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' });

function bytesText(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** One entry's details in a line: the fields as `name: value`, arrays joined. */
function detailText(entry: AuditEntry): string {
  const parts: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object')) parts.push(`${path}: ${value.join(', ')}`);
      else for (const [i, v] of value.entries()) walk(v, `${path}[${i + 1}]`);
    } else if (typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else parts.push(`${path}: ${String(value)}`);
  };
  walk(entry.details, '');
  return parts.join('; ');
}

function definitions(list: HTMLDListElement, rows: [string, string | Node][]): void {
  list.replaceChildren(...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export function setUpGovernance(dashboard: Dashboard): void {
  const section = document.querySelector<HTMLElement>('section[data-view="governance"]');
  if (!section) throw new Error('dashboard.html has no governance section');
  const page = new GovernancePage(dashboard);
  const access = new AccessBar(dashboard, page);
  dashboard.views.onShow('governance', () => void page.show());
  // Another page switched profile, locked or unlocked: redraw who may see what.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && WORKSPACE_CHANGED_KEY in changes) void access.refresh();
  });
  void access.refresh();
}

/** The profile bar, the unlock form, and the views the profile may see. */
class AccessBar {
  private readonly select = h('select', { id: 'profile-select' });
  private readonly role = h('span', { id: 'profile-role' });
  private readonly lockNow = h('button', { id: 'lock-now', type: 'button', hidden: true }, 'Lock now');
  private readonly bar = h(
    'form',
    { id: 'profile-bar', 'aria-label': 'Profile' },
    h('label', { for: 'profile-select' }, 'Using throughline as'),
    this.select,
    h('button', { type: 'submit', id: 'profile-switch' }, 'Switch profile'),
    this.role,
    this.lockNow,
  );
  private readonly passphrase = h('input', {
    id: 'unlock-passphrase',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  private readonly unlockMessage = h('p', { id: 'unlock-message', role: 'status' });
  private readonly unlockPanel = h(
    'form',
    { id: 'unlock-panel', 'aria-labelledby': 'unlock-heading', hidden: true },
    h('h2', { id: 'unlock-heading' }, 'throughline is locked'),
    h(
      'p',
      {},
      'The data on this device is encrypted. Enter the passphrase to work with it. The information-governance ' +
        'page, the audit trail and wiping work without it.',
    ),
    h('label', { for: 'unlock-passphrase' }, 'Passphrase'),
    ' ',
    this.passphrase,
    ' ',
    h('button', { type: 'submit', id: 'unlock-submit' }, 'Unlock'),
    this.unlockMessage,
  );
  private ticket = 0;

  constructor(
    private readonly dashboard: Dashboard,
    private readonly page: GovernancePage,
  ) {
    const nav = document.querySelector('main > nav');
    nav?.before(this.bar, this.unlockPanel);
    this.bar.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.switchTo(this.select.value);
    });
    this.lockNow.addEventListener('click', () => void this.lock());
    this.unlockPanel.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.unlock();
    });
  }

  async refresh(): Promise<void> {
    const ticket = ++this.ticket;
    const outcome = await this.dashboard.engine.governanceStatus().catch((error: unknown) => ({
      ok: false as const,
      error: { kind: 'engine-lost' as const, message: messageOf(error) },
    }));
    if (ticket !== this.ticket) return;
    if (!outcome.ok) {
      this.dashboard.alerts.showError(describeError(outcome.error));
      return;
    }
    this.draw(outcome.value);
    this.page.status = outcome.value;
    if (this.dashboard.views.current === 'governance') void this.page.show();
  }

  private draw(status: GovernanceStatus): void {
    const { actor, profiles, encryption } = status;
    this.select.replaceChildren(
      ...profiles.map((p) =>
        h(
          'option',
          { value: p.id, selected: p.id === actor.id },
          `${p.displayName} (${ROLE_LABELS[p.role]})`,
        ),
      ),
    );
    this.role.textContent = `${ROLE_LABELS[actor.role]}${encryption === 'locked' ? ', locked' : ''}`;
    this.lockNow.hidden = encryption !== 'unlocked';
    this.unlockPanel.hidden = encryption !== 'locked';
    document.body.dataset.role = actor.role;
    document.body.dataset.encryption = encryption;
    this.dashboard.views.restrict(viewsFor(actor.role, encryption));
  }

  private async switchTo(profileId: string): Promise<void> {
    const switched = await this.dashboard.engine.switchProfile(profileId);
    reportOutcome(
      this.dashboard,
      switched,
      (p) => `Now using throughline as ${p.displayName} (${ROLE_LABELS[p.role]}).`,
    );
    await this.refresh();
    await this.dashboard.refresh();
  }

  private async lock(): Promise<void> {
    const locked = await this.dashboard.engine.lock();
    reportOutcome(this.dashboard, locked, () => 'Locked: the data key was put away.');
    await this.refresh();
    await this.dashboard.refresh();
  }

  private async unlock(): Promise<void> {
    this.unlockMessage.textContent = 'Unlocking...';
    const unlocked = await this.dashboard.engine.unlock(this.passphrase.value);
    this.passphrase.value = '';
    if (!unlocked.ok) {
      this.unlockMessage.textContent = unlocked.error.message;
      this.passphrase.focus();
      return;
    }
    this.unlockMessage.textContent = '';
    this.dashboard.alerts.clearError();
    this.dashboard.report('Unlocked.');
    await this.refresh();
    await this.dashboard.refresh();
    this.dashboard.views.refreshCurrent();
  }
}

/** The IG page. */
class GovernancePage {
  status: GovernanceStatus | null = null;
  private auditBefore: number | null = null;
  private drawing: Promise<void> | null = null;

  constructor(private readonly dashboard: Dashboard) {
    const on = <T extends HTMLElement>(
      id: string,
      kind: { new (): T; name: string },
      type: string,
      run: () => Promise<void>,
    ) =>
      element(id, kind).addEventListener(type, (event) => {
        event.preventDefault();
        void run();
      });
    on('ig-retention-form', HTMLFormElement, 'submit', () => this.saveDefaultRetention());
    on('ig-purge-now', HTMLButtonElement, 'click', () => this.purgeNow());
    on('ig-verify', HTMLButtonElement, 'click', () => this.verify());
    on('ig-export-csv', HTMLButtonElement, 'click', () => this.exportTrail('csv'));
    on('ig-export-json', HTMLButtonElement, 'click', () => this.exportTrail('json'));
    on('ig-audit-older', HTMLButtonElement, 'click', () => this.olderEntries());
    on('ig-encrypt-form', HTMLFormElement, 'submit', () => this.encrypt());
    on('ig-idle-form', HTMLFormElement, 'submit', () => this.saveIdle());
    on('ig-change-pass-form', HTMLFormElement, 'submit', () => this.changePassphrase());
    on('ig-decrypt-form', HTMLFormElement, 'submit', () => this.decrypt());
    on('ig-profile-form', HTMLFormElement, 'submit', () => this.addProfile());
    on('ig-wipe-form', HTMLFormElement, 'submit', () => this.wipe());
    on('ig-delete-trail-form', HTMLFormElement, 'submit', () => this.deleteTrail());
    on('ig-print', HTMLButtonElement, 'click', () => this.print());
  }

  /** Reads everything the page shows, and draws it (one drawing at a time). */
  show(): Promise<void> {
    this.drawing ??= this.draw().finally(() => {
      this.drawing = null;
    });
    return this.drawing;
  }

  private async draw(): Promise<void> {
    const engine = this.dashboard.engine;
    const [governance, workspace, log] = await Promise.all([
      engine.governanceStatus(),
      engine.status(),
      engine.auditLog({ limit: AUDIT_PAGE }),
    ]);
    if (!governance.ok) return this.fail(governance);
    if (!log.ok) return this.fail(log);
    const status = governance.value;
    this.status = status;
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    const persisted = await navigator.storage?.persisted?.().catch(() => false);

    // what is stored
    const datasets = status.retention.datasets;
    definitions(element('ig-stored', HTMLDListElement), [
      ['Datasets', formatCount(datasets.length)],
      ['Records', formatCount(datasets.reduce((s, d) => s + d.rowCount, 0))],
      [
        'Candidate pairs and links kept',
        status.encryption === 'locked'
          ? 'not known while locked'
          : `${formatCount(workspace.pairs)} pairs, ${formatCount(workspace.links)} links`,
      ],
      [
        'Space used by this extension in the browser',
        estimate?.usage !== undefined
          ? `${bytesText(estimate.usage)} (browser estimate${persisted ? '; kept until deleted' : ''})`
          : 'not available',
      ],
      [
        'Encryption at rest',
        status.encryption === 'off'
          ? 'off'
          : `on (${status.encryption === 'locked' ? 'locked' : 'unlocked'})`,
      ],
      ['Default retention', `${status.settings.defaultRetentionDays} days`],
    ]);
    element('ig-datasets', HTMLTableElement).tBodies[0]!.replaceChildren(
      ...datasets.map((d) => {
        const days = h('input', {
          type: 'number',
          min: 1,
          max: 3650,
          step: 1,
          value: d.days ?? '',
          placeholder: String(status.settings.defaultRetentionDays),
          'aria-label': `Days to keep ${d.name}, empty for the default`,
          class: 'ig-dataset-days',
        });
        const save = h('button', { type: 'button', class: 'ig-no-print' }, 'Save');
        save.addEventListener('click', () => void this.saveDatasetRetention(d.datasetId, days.value));
        const kept = h(
          'td',
          {},
          h('span', { class: 'ig-print-only' }, `${d.effectiveDays} days`),
          days,
          ' ',
          save,
        );
        const row = h(
          'tr',
          { 'data-dataset-id': d.datasetId },
          cell(d.name),
          cell(SIDE_LABELS[d.side]),
          cell(formatCount(d.rowCount), 'number'),
          cell(day(d.since)),
          kept,
          cell(day(d.expiresAt)),
        );
        return row;
      }),
    );
    element('ig-default-days', HTMLInputElement).value = String(status.settings.defaultRetentionDays);
    const purge = status.retention.lastPurge;
    element('ig-last-purge', HTMLParagraphElement).textContent = purge
      ? `Last purge: ${when(purge.at)}, ${purge.datasets.length} dataset(s), ` +
        `${formatCount(purge.datasets.reduce((s, d) => s + d.recordCount, 0))} records.`
      : 'Nothing has been purged yet.';

    // the audit trail
    const check = status.audit.lastCheck;
    definitions(element('ig-audit-summary', HTMLDListElement), [
      ['Entries', formatCount(status.audit.count)],
      [
        'Latest entry\u2019s hash',
        h('code', { id: 'ig-head-hash', class: 'ig-hash' }, status.audit.headHash),
      ],
      [
        'Last verified',
        check
          ? h(
              'span',
              { id: 'ig-last-check', class: check.result.ok ? 'ig-ok' : 'ig-warning' },
              `${when(check.at)}: ${check.result.ok ? `intact (${formatCount(check.result.count)} entries)` : check.result.reason}`,
            )
          : 'not yet',
      ],
    ]);
    this.auditBefore = log.value.nextBefore;
    this.drawEntries(log.value.entries, false);

    this.drawPermissions();
    this.drawEncryption(status);
    this.drawProfiles(status);
    this.drawWipe(status);
  }

  private drawEntries(entries: AuditEntry[], append: boolean): void {
    const body = element('ig-audit-entries', HTMLTableElement).tBodies[0]!;
    const rows = entries.map((e) =>
      h(
        'tr',
        { 'data-seq': e.seq },
        cell(String(e.seq)),
        cell(when(e.at)),
        cell(`${e.actor.displayName} (${ROLE_LABELS[e.actor.role as Role] ?? e.actor.role})`),
        cell(ACTION_WORDS[e.action] ?? e.action),
        cell(detailText(e)),
      ),
    );
    if (append) body.append(...rows);
    else body.replaceChildren(...rows);
    element('ig-audit-older', HTMLButtonElement).hidden = this.auditBefore === null;
  }

  private async olderEntries(): Promise<void> {
    if (this.auditBefore === null) return;
    const log = await this.dashboard.engine.auditLog({ limit: AUDIT_PAGE, before: this.auditBefore });
    if (!log.ok) return this.fail(log);
    this.auditBefore = log.value.nextBefore;
    this.drawEntries(log.value.entries, true);
  }

  /** From the running extension's own manifest, so the page cannot drift from it. */
  private drawPermissions(): void {
    const manifest = browser.runtime.getManifest() as ManifestLike;
    element('ig-manifest-meta', HTMLParagraphElement).textContent =
      `${manifest.name ?? 'throughline'} ${manifest.version ?? ''}, manifest version ${manifest.manifest_version ?? ''}. ` +
      'Read now from the extension running in this browser.';
    element('ig-permissions', HTMLTableElement).tBodies[0]!.replaceChildren(
      ...permissionLines(manifest).map((line) =>
        h(
          'tr',
          { 'data-permission': line.name },
          h('th', { scope: 'row' }, h('code', {}, line.name)),
          cell(line.kind),
          cell(line.allows),
          line.why
            ? cell(line.why)
            : h(
                'td',
                { class: 'ig-warning' },
                'Not explained by throughline: ask the supplier before approving.',
              ),
        ),
      ),
    );
    element('ig-csp', HTMLTableElement).tBodies[0]!.replaceChildren(
      ...policyLines(manifest).map((line) =>
        h('tr', {}, h('th', { scope: 'row' }, h('code', {}, line.directive)), cell(line.meaning)),
      ),
    );
    const granted = element('ig-granted', HTMLParagraphElement);
    void browser.permissions
      .getAll()
      .then((all) => {
        const origins = all.origins ?? [];
        granted.textContent = origins.length
          ? `Sites this browser has given the extension access to now: ${origins.join(', ')}.`
          : 'This browser has given the extension access to no site yet.';
      })
      .catch(() => {
        granted.textContent = '';
      });
  }

  private drawEncryption(status: GovernanceStatus): void {
    const officerOrIg = status.actor.role !== 'caseworker';
    element('ig-encryption-state', HTMLParagraphElement).textContent =
      status.encryption === 'off'
        ? 'Off: the local database holds the data unencrypted, protected by this computer\u2019s account only.'
        : `On: records, normalised tables, results and decisions are encrypted; ${
            status.encryption === 'locked' ? 'locked now' : 'unlocked now'
          }. It locks after ${status.settings.idleLockMinutes} minutes without use.`;
    element('ig-encrypt-form', HTMLFormElement).hidden = !(officerOrIg && status.encryption === 'off');
    element('ig-encryption-on', HTMLDivElement).hidden = !(officerOrIg && status.encryption !== 'off');
    element('ig-idle-minutes', HTMLInputElement).value = String(status.settings.idleLockMinutes);
  }

  private drawProfiles(status: GovernanceStatus): void {
    element('ig-profiles', HTMLTableElement).tBodies[0]!.replaceChildren(
      ...status.profiles.map((p) => this.profileRow(p, status)),
    );
    element('ig-profile-form', HTMLFormElement).hidden = status.actor.role !== 'data-officer';
  }

  private profileRow(p: Profile, status: GovernanceStatus): HTMLTableRowElement {
    const officer = status.actor.role === 'data-officer';
    let roleCell: HTMLTableCellElement;
    if (officer) {
      const select = h(
        'select',
        { 'aria-label': `Role of ${p.displayName}` },
        ...ROLES.map((r) => h('option', { value: r, selected: r === p.role }, ROLE_LABELS[r])),
      );
      select.addEventListener('change', () => void this.changeRole(p, select.value as Role));
      roleCell = h('td', {}, h('span', { class: 'ig-print-only' }, ROLE_LABELS[p.role]), select);
    } else roleCell = cell(ROLE_LABELS[p.role]);
    return h(
      'tr',
      { 'data-profile-id': p.id },
      cell(`${p.displayName}${p.id === status.actor.id ? ' (using throughline now)' : ''}`),
      roleCell,
      cell(day(p.createdAt)),
    );
  }

  private drawWipe(status: GovernanceStatus): void {
    element('ig-delete-trail-form', HTMLFormElement).hidden = status.actor.role !== 'ig-lead';
    const wipe = status.lastWipe;
    element('ig-last-wipe', HTMLParagraphElement).textContent = wipe
      ? `Last wipe: ${when(wipe.at)} by ${wipe.by}: ${formatCount(wipe.datasets)} datasets, ` +
        `${formatCount(wipe.records)} records, ${formatCount(wipe.decisions)} decisions, ` +
        `${formatCount(wipe.pairs)} pairs and ${formatCount(wipe.runs)} runs deleted ` +
        `(audit entry ${wipe.auditSeq}).`
      : '';
  }

  // ---- actions ----

  private fail(outcome: Outcome<unknown> & { ok: false }): void {
    this.dashboard.alerts.showError(describeError(outcome.error));
  }

  /** Runs an action; on success reports `done`, redraws, and refreshes the rest of the dashboard. */
  private async act<T>(outcome: Promise<Outcome<T>>, done: (value: T) => string): Promise<Outcome<T>> {
    const result = await outcome;
    if (result.ok) this.dashboard.alerts.clearError();
    reportOutcome(this.dashboard, result, done);
    await this.show();
    await this.dashboard.refresh();
    return result;
  }

  private async saveDefaultRetention(): Promise<void> {
    const days = Number(element('ig-default-days', HTMLInputElement).value);
    await this.act(
      this.dashboard.engine.updateGovernanceSettings({ defaultRetentionDays: days }),
      () => `Datasets are now kept for ${days} days unless they have their own period.`,
    );
  }

  private async saveDatasetRetention(datasetId: string, text: string): Promise<void> {
    const days = text.trim() === '' ? null : Number(text);
    await this.act(
      this.dashboard.engine.setRetention(datasetId, days),
      (r) => `${r.name} is kept for ${r.effectiveDays} days (until ${day(r.expiresAt)}).`,
    );
  }

  private async purgeNow(): Promise<void> {
    await this.act(this.dashboard.engine.purgeExpired(), (report) =>
      report
        ? `Purged ${report.datasets.length} dataset(s) past their retention period.`
        : 'No data is past its retention period.',
    );
  }

  private async verify(): Promise<void> {
    const result = element('ig-verify-result', HTMLParagraphElement);
    result.textContent = 'Verifying...';
    const check = await this.dashboard.engine.verifyAudit();
    if (!check.ok) {
      result.textContent = '';
      return this.fail(check);
    }
    const r = check.value.result;
    result.className = r.ok ? 'ig-ok' : 'ig-warning';
    result.textContent = r.ok
      ? `The audit trail is intact: ${formatCount(r.count)} entries, each following the one before, ending at the recorded latest entry.`
      : `The audit trail is damaged: ${r.reason}`;
    result.dataset.result = r.ok ? 'intact' : r.problem;
    await this.show();
  }

  private async exportTrail(format: 'csv' | 'json'): Promise<void> {
    const file = await this.dashboard.engine.exportAudit(format);
    if (!file.ok) return this.fail(file);
    download(file.value);
    this.dashboard.report(`Saved ${file.value.fileName} (${formatCount(file.value.rows)} entries).`);
    await this.show();
  }

  private async encrypt(): Promise<void> {
    const pass = element('ig-pass-new', HTMLInputElement);
    const confirm = element('ig-pass-confirm', HTMLInputElement);
    if (pass.value !== confirm.value) {
      this.dashboard.alerts.showError(['The two passphrases are not the same.']);
      return;
    }
    this.dashboard.report('Encrypting everything stored...');
    const done = await this.act(
      this.dashboard.engine.enableEncryption(pass.value),
      () =>
        'Encryption is on: everything stored is encrypted. Keep the passphrase safe: it cannot be recovered.',
    );
    if (done.ok) {
      pass.value = '';
      confirm.value = '';
    }
  }

  private async saveIdle(): Promise<void> {
    const minutes = Number(element('ig-idle-minutes', HTMLInputElement).value);
    await this.act(
      this.dashboard.engine.updateGovernanceSettings({ idleLockMinutes: minutes }),
      () => `throughline now locks after ${minutes} minutes without use.`,
    );
  }

  private async changePassphrase(): Promise<void> {
    const current = element('ig-pass-current', HTMLInputElement);
    const next = element('ig-pass-next', HTMLInputElement);
    const done = await this.act(
      this.dashboard.engine.changePassphrase(current.value, next.value),
      () => 'The passphrase was changed.',
    );
    current.value = '';
    if (done.ok) next.value = '';
  }

  private async decrypt(): Promise<void> {
    const pass = element('ig-pass-off', HTMLInputElement);
    await this.act(
      this.dashboard.engine.disableEncryption(pass.value),
      () => 'Encryption is off: the data is stored unencrypted.',
    );
    pass.value = '';
  }

  private async addProfile(): Promise<void> {
    const name = element('ig-profile-name', HTMLInputElement);
    const role = element('ig-profile-role', HTMLSelectElement).value as Role;
    const done = await this.act(
      this.dashboard.engine.saveProfile({ displayName: name.value, role }),
      (p) => `Added ${p.displayName} (${ROLE_LABELS[p.role]}).`,
    );
    if (done.ok) name.value = '';
  }

  private async changeRole(p: Profile, role: Role): Promise<void> {
    await this.act(
      this.dashboard.engine.saveProfile({ id: p.id, displayName: p.displayName, role }),
      (saved) => `${saved.displayName} is now ${ROLE_LABELS[saved.role]}.`,
    );
  }

  private async wipe(): Promise<void> {
    const confirm = element('ig-wipe-confirm', HTMLInputElement);
    if (confirm.value.trim() !== 'WIPE') {
      this.dashboard.alerts.showError(['Type WIPE in the box to confirm the wipe.']);
      confirm.focus();
      return;
    }
    confirm.value = '';
    await this.act(
      this.dashboard.engine.wipeEverything(),
      (w) =>
        `Wiped: ${formatCount(w.datasets)} datasets and ${formatCount(w.records)} records deleted; the wipe is entry ${w.auditSeq} of the audit trail.`,
    );
  }

  private async deleteTrail(): Promise<void> {
    const hash = element('ig-delete-trail-hash', HTMLInputElement);
    const done = await this.act(
      this.dashboard.engine.deleteAuditTrail(hash.value.trim()),
      (d) => `The audit trail (${formatCount(d.deleted)} entries) was deleted; a new trail records that.`,
    );
    if (done.ok) hash.value = '';
  }

  /** The printed summary is an export too: recorded, then printed with the page's print stylesheet. */
  private async print(): Promise<void> {
    const status = this.status;
    const noted = await this.dashboard.engine.noteExport('governance-summary', 1, 'print');
    if (!noted.ok) return this.fail(noted);
    await this.show();
    element('ig-print-note', HTMLParagraphElement).textContent =
      `Printed ${when(new Date().toISOString())} by ${status?.actor.displayName ?? ''}. ` +
      `Audit trail: ${formatCount(this.status?.audit.count ?? 0)} entries, latest entry's hash ${this.status?.audit.headHash ?? ''}.`;
    window.print();
  }
}
