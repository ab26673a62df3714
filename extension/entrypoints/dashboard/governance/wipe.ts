/** The IG page's wiping part: wipe everything, and (for the IG lead) delete the audit trail. */
import type { GovernanceStatus } from '../../../../engine/api/governance-types';
import { element, formatCount } from '../dom';
import { when } from './format';
import { type IgPage, on } from './page';

export function wireWipe(page: IgPage): void {
  const { dashboard } = page;
  on('ig-wipe-form', HTMLFormElement, 'submit', async () => {
    const confirm = element('ig-wipe-confirm', HTMLInputElement);
    if (confirm.value.trim() !== 'WIPE') {
      dashboard.alerts.showError(['Type WIPE in the box to confirm the wipe.']);
      confirm.focus();
      return;
    }
    confirm.value = '';
    await page.act(
      dashboard.engine.wipeEverything(),
      (w) =>
        `Wiped: ${formatCount(w.datasets)} datasets and ${formatCount(w.records)} records deleted; the wipe is entry ${w.auditSeq} of the audit trail.`,
    );
  });
  on('ig-delete-trail-form', HTMLFormElement, 'submit', async () => {
    const hash = element('ig-delete-trail-hash', HTMLInputElement);
    const done = await page.act(
      dashboard.engine.deleteAuditTrail(hash.value.trim()),
      (d) => `The audit trail (${formatCount(d.deleted)} entries) was deleted; a new trail records that.`,
    );
    if (done.ok) hash.value = '';
  });
}

export function drawWipe(status: GovernanceStatus): void {
  element('ig-delete-trail-form', HTMLFormElement).hidden = status.actor.role !== 'ig-lead';
  const wipe = status.lastWipe;
  element('ig-last-wipe', HTMLParagraphElement).textContent = wipe
    ? `Last wipe: ${when(wipe.at)} by ${wipe.by}: ${formatCount(wipe.datasets)} datasets, ` +
      `${formatCount(wipe.records)} records, ${formatCount(wipe.decisions)} decisions, ` +
      `${formatCount(wipe.pairs)} pairs and ${formatCount(wipe.runs)} runs deleted ` +
      `(audit entry ${wipe.auditSeq}).`
    : '';
}
