import { messageOf } from './alerts';
import { type Dashboard, reportOutcome } from './context';
import { element, formatCount } from './dom';

async function link(dashboard: Dashboard): Promise<void> {
  dashboard.alerts.clearError();
  dashboard.report('');
  try {
    const outcome = await dashboard.operation.run('Linking', (opId, onProgress) =>
      dashboard.engine.link(undefined, opId, onProgress),
    );
    reportOutcome(
      dashboard,
      outcome,
      (change) => `Linked: ${formatCount(change.pairs)} candidate pairs, ${formatCount(change.links)} links.`,
    );
  } catch (error) {
    dashboard.alerts.showError([messageOf(error)]);
  }
  await dashboard.refresh();
}

export function setUpLink(dashboard: Dashboard): void {
  const button = element('link', HTMLButtonElement);
  button.addEventListener('click', () => {
    if (!dashboard.operation.running) void link(dashboard);
  });
}
