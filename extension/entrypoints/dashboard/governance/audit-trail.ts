/** The IG page's "Audit trail" part: its summary, the latest entries, verification and exports. */
import {
  type AuditPage,
  type GovernanceStatus,
  ROLE_LABELS,
  type Role,
} from '../../../../engine/api/governance-types';
import type { AuditEntry } from '../../../../engine/audit';
import { h } from '../continuity/dom';
import { cell, element, formatCount } from '../dom';
import { download } from '../download';
import { definitions, when } from './format';
import { type IgPage, on } from './page';

/** Entries read at a time. */
export const AUDIT_PAGE = 20;

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

export class AuditTrailPart {
  /** Where the next older page starts; null when the oldest entry is shown. */
  private before: number | null = null;

  constructor(private readonly page: IgPage) {
    on('ig-verify', HTMLButtonElement, 'click', () => this.verify());
    on('ig-export-csv', HTMLButtonElement, 'click', () => this.export('csv'));
    on('ig-export-json', HTMLButtonElement, 'click', () => this.export('json'));
    on('ig-audit-older', HTMLButtonElement, 'click', () => this.older());
  }

  /** The summary and the latest page of entries (`latest`, read with the status). */
  draw(status: GovernanceStatus, latest: AuditPage): void {
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
    this.before = latest.nextBefore;
    this.drawEntries(latest.entries, false);
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
    element('ig-audit-older', HTMLButtonElement).hidden = this.before === null;
  }

  private async older(): Promise<void> {
    if (this.before === null) return;
    const log = await this.page.dashboard.engine.auditLog({ limit: AUDIT_PAGE, before: this.before });
    if (!log.ok) return this.page.fail(log);
    this.before = log.value.nextBefore;
    this.drawEntries(log.value.entries, true);
  }

  private async verify(): Promise<void> {
    const result = element('ig-verify-result', HTMLParagraphElement);
    result.textContent = 'Verifying...';
    const check = await this.page.dashboard.engine.verifyAudit();
    if (!check.ok) {
      result.textContent = '';
      return this.page.fail(check);
    }
    const r = check.value.result;
    result.className = r.ok ? 'ig-ok' : 'ig-warning';
    result.textContent = r.ok
      ? `The audit trail is intact: ${formatCount(r.count)} entries, each following the one before, ending at the recorded latest entry.`
      : `The audit trail is damaged: ${r.reason}`;
    result.dataset.result = r.ok ? 'intact' : r.problem;
    await this.page.show();
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    const { dashboard } = this.page;
    const file = await dashboard.engine.exportAudit(format);
    if (!file.ok) return this.page.fail(file);
    download(file.value);
    dashboard.report(`Saved ${file.value.fileName} (${formatCount(file.value.rows)} entries).`);
    await this.page.show();
  }
}
