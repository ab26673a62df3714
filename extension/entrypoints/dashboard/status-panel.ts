import type { WorkspaceStatus } from '../../../engine/api/engine-api';
import type { Side } from '../../../shared/workspace';
import { cell, element, formatCount } from './dom';

export const SIDE_LABELS: Record<Side, string> = {
  releases: 'Prison releases',
  treatment: 'Community treatment',
};

/** The workspace summary: counts, the results version, and one row per dataset. */
export function renderStatus(status: WorkspaceStatus): void {
  element('count-releases', HTMLElement).textContent = formatCount(status.records.releases);
  element('count-treatment', HTMLElement).textContent = formatCount(status.records.treatment);
  element('count-pairs', HTMLElement).textContent = formatCount(status.pairs);
  element('count-links', HTMLElement).textContent = formatCount(status.links);
  element('results-version', HTMLElement).textContent = String(status.resultsVersion);
  const body = element('datasets', HTMLTableElement).tBodies[0];
  if (!body) return;
  body.replaceChildren(
    ...status.datasets.map((dataset) => {
      const row = document.createElement('tr');
      row.dataset.datasetId = dataset.id;
      row.append(
        cell(dataset.name),
        cell(SIDE_LABELS[dataset.side]),
        cell(formatCount(dataset.rowCount), 'number'),
      );
      return row;
    }),
  );
}
