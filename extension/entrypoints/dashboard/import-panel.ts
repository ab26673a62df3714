import type { Side } from '../../../shared/workspace';
import { messageOf } from './alerts';
import { type Dashboard, reportOutcome } from './context';
import { element, formatCount } from './dom';
import { SIDE_LABELS } from './status-panel';

function chosenSide(): Side {
  const checked = document.querySelector<HTMLInputElement>('input[name="side"]:checked');
  return checked?.value === 'treatment' ? 'treatment' : 'releases';
}

/**
 * Imports the chosen file into the chosen side. The file is read here and its bytes transferred
 * to the engine (never sent through runtime messaging, which is JSON and capped at 64 MiB).
 */
async function importFile(dashboard: Dashboard, file: File, side: Side): Promise<void> {
  dashboard.alerts.clearError();
  dashboard.report('');
  try {
    const bytes = await file.arrayBuffer();
    const outcome = await dashboard.operation.run(
      `Importing ${file.name} as ${SIDE_LABELS[side]}`,
      (opId, onProgress) =>
        dashboard.engine.importDataset({ bytes, fileName: file.name, side }, opId, onProgress),
    );
    reportOutcome(dashboard, outcome, (change) => {
      const rows = change.dataset ? `${formatCount(change.dataset.rowCount)} rows` : 'done';
      return `Imported ${change.dataset?.name ?? file.name}: ${rows}; ${formatCount(change.links)} links.`;
    });
  } catch (error) {
    dashboard.alerts.showError([messageOf(error)]);
  }
  await dashboard.refresh();
}

export function setUpImport(dashboard: Dashboard): void {
  const input = element('import-file', HTMLInputElement);
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file || dashboard.operation.running) return;
    void importFile(dashboard, file, chosenSide()).finally(() => {
      input.value = ''; // so that choosing the same file again imports it again
    });
  });
}
