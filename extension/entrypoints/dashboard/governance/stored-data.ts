/** The IG page's "What is stored on this device" and "Retention" parts. */

import type { WorkspaceStatus } from '../../../../engine/api/engine-api';
import type { GovernanceStatus } from '../../../../engine/api/governance-types';
import { h } from '../continuity/dom';
import { cell, element, formatCount } from '../dom';
import { SIDE_LABELS } from '../status-panel';
import { bytesText, day, definitions, when } from './format';
import { type IgPage, on } from './page';

/** What the browser says of its storage for this extension (either may be unknown). */
export interface StorageUse {
  estimate: StorageEstimate | null | undefined;
  persisted: boolean | undefined;
}

export function wireRetention(page: IgPage): void {
  on('ig-retention-form', HTMLFormElement, 'submit', async () => {
    const days = Number(element('ig-default-days', HTMLInputElement).value);
    await page.act(
      page.dashboard.engine.updateGovernanceSettings({ defaultRetentionDays: days }),
      () => `Datasets are now kept for ${days} days unless they have their own period.`,
    );
  });
  on('ig-purge-now', HTMLButtonElement, 'click', async () => {
    await page.act(page.dashboard.engine.purgeExpired(), (report) =>
      report
        ? `Purged ${report.datasets.length} dataset(s) past their retention period.`
        : 'No data is past its retention period.',
    );
  });
}

export function drawStored(
  page: IgPage,
  status: GovernanceStatus,
  workspace: WorkspaceStatus,
  { estimate, persisted }: StorageUse,
): void {
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
      status.encryption === 'off' ? 'off' : `on (${status.encryption === 'locked' ? 'locked' : 'unlocked'})`,
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
      save.addEventListener('click', () => void saveDatasetRetention(page, d.datasetId, days.value));
      const kept = h(
        'td',
        {},
        h('span', { class: 'ig-print-only' }, `${d.effectiveDays} days`),
        days,
        ' ',
        save,
      );
      return h(
        'tr',
        { 'data-dataset-id': d.datasetId },
        cell(d.name),
        cell(SIDE_LABELS[d.side]),
        cell(formatCount(d.rowCount), 'number'),
        cell(day(d.since)),
        kept,
        cell(day(d.expiresAt)),
      );
    }),
  );
  element('ig-default-days', HTMLInputElement).value = String(status.settings.defaultRetentionDays);
  const purge = status.retention.lastPurge;
  element('ig-last-purge', HTMLParagraphElement).textContent = purge
    ? `Last purge: ${when(purge.at)}, ${purge.datasets.length} dataset(s), ` +
      `${formatCount(purge.datasets.reduce((s, d) => s + d.recordCount, 0))} records.`
    : 'Nothing has been purged yet.';
}

async function saveDatasetRetention(page: IgPage, datasetId: string, text: string): Promise<void> {
  const days = text.trim() === '' ? null : Number(text);
  await page.act(
    page.dashboard.engine.setRetention(datasetId, days),
    (r) => `${r.name} is kept for ${r.effectiveDays} days (until ${day(r.expiresAt)}).`,
  );
}
