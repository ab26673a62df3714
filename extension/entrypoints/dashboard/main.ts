/**
 * The dashboard: import the two datasets, link them, review, and see continuity of care. Each
 * view lives in its own module; this one connects the engine and wires them together.
 */
import { browser } from 'wxt/browser';
import { RESULTS_VERSION_KEY, WORKSPACE_CHANGED_KEY } from '../../../shared/messages';
import { connectEngine } from '../../engine/client';
import { exposeOnPage } from '../../engine/global';
import { Alerts, messageOf } from './alerts';
import type { Dashboard } from './context';
import { setUpContinuity } from './continuity';
import { element } from './dom';
import { setUpDuplicates } from './duplicates';
import { setUpGovernance } from './governance';
import { setUpImport } from './import/wizard';
import { setUpLink } from './link-panel';
import { OperationPanel } from './operation';
import { setUpReview } from './review/review-view';
import { setUpRunSummary } from './run-summary';
import { setUpSites } from './sites-view';
import { renderStatus } from './status-panel';
import { Views } from './views';

const engine = connectEngine();
exposeOnPage(engine);

const activity = element('activity', HTMLParagraphElement);
const actions = [element('import-file', HTMLInputElement), element('link', HTMLButtonElement)];

let latestRefresh = 0;
async function refresh(): Promise<void> {
  const ticket = ++latestRefresh;
  try {
    const status = await engine.status();
    if (ticket !== latestRefresh) return; // a newer refresh will draw
    renderStatus(status);
    dashboard.alerts.showInterrupted(status.interrupted);
    // Marks the page as drawn from the engine (the e2e tests and benchmarks wait for it).
    document.body.dataset.resultsVersion = String(status.resultsVersion);
  } catch (error) {
    if (ticket === latestRefresh) dashboard.alerts.showError([messageOf(error)]);
  }
}

async function dismissInterrupted(): Promise<void> {
  try {
    await engine.acknowledgeInterrupted();
  } catch (error) {
    dashboard.alerts.showError([messageOf(error)]);
  }
  await refresh();
}

const dashboard: Dashboard = {
  engine,
  views: new Views(),
  alerts: new Alerts(element('alerts', HTMLDivElement), () => void dismissInterrupted()),
  operation: new OperationPanel(engine, (busy) => {
    for (const action of actions) action.disabled = busy;
  }),
  report: (message) => {
    activity.textContent = message;
  },
  refresh,
};

setUpImport(dashboard);
setUpLink(dashboard);
setUpRunSummary(dashboard);
setUpReview(dashboard);
setUpSites(dashboard);
setUpContinuity(dashboard);
setUpDuplicates(dashboard);
setUpGovernance(dashboard);
dashboard.views.start();

// Another page (or this one) changed the workspace: show the new state.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (RESULTS_VERSION_KEY in changes || WORKSPACE_CHANGED_KEY in changes))
    void refresh().then(() => dashboard.views.refreshCurrent());
});

void refresh();
