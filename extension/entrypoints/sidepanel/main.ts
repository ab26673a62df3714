/**
 * The side panel (also opened as a tab where a panel cannot open): the details behind a clicked
 * badge. The background leaves the row's query in session storage; this page asks the engine
 * itself, over Comlink as the dashboard does, and shows the person's status, the records linked
 * with their probabilities and the possible duplicates, key fields side by side.
 */
import { browser } from 'wxt/browser';
import { RESULTS_VERSION_KEY } from '../../../shared/messages';
import { connectEngine } from '../../engine/client';
import { exposeOnPage } from '../../engine/global';
import { DETAILS_SELECTION_KEY, type DetailsSelection } from '../../overlay/selection';
import { loadDetails } from './load';
import { renderDetails, renderMessage } from './render';

const engine = connectEngine();
exposeOnPage(engine);

const container = document.getElementById('details') as HTMLElement;
const alerts = document.getElementById('alerts') as HTMLElement;

let latest = 0;
async function show(): Promise<void> {
  const ticket = ++latest;
  try {
    const stored = await browser.storage.session.get(DETAILS_SELECTION_KEY);
    const selection = (stored[DETAILS_SELECTION_KEY] as DetailsSelection | undefined) ?? null;
    if (!selection) return;
    const details = await loadDetails(engine, selection);
    if (ticket !== latest) return; // a newer selection is being drawn
    alerts.replaceChildren();
    if (details.ok) renderDetails(container, details.value, selection.focus);
    else renderMessage(container, details.error.message);
    // Which selection is drawn (the tests wait for it).
    document.body.dataset.shown = String(selection.at);
  } catch (error) {
    if (ticket !== latest) return;
    const p = document.createElement('p');
    p.textContent = error instanceof Error ? error.message : String(error);
    alerts.replaceChildren(p);
  }
}

browser.storage.onChanged.addListener((changes, area) => {
  if (
    (area === 'session' && DETAILS_SELECTION_KEY in changes) ||
    (area === 'local' && RESULTS_VERSION_KEY in changes)
  )
    void show();
});
void show();
