/**
 * The background service worker: a router and nothing else. It holds no data and does no
 * matching (a service worker cannot start a worker, and it is stopped when idle); it opens the
 * dashboard from the toolbar button and forwards lookups to the offscreen document. It also opens
 * the side panel for a clicked badge, and re-registers the overlay for the enabled case systems
 * when the browser starts (runtime registrations do not survive a relaunch).
 */
import { browser } from 'wxt/browser';
import { isRouterMessage } from '../../../shared/messages';
import { syncRegistrations } from '../../sites/registration';
import { openDetails } from './details';
import { route } from './router';

export default defineBackground(() => {
  browser.action.onClicked.addListener(() => {
    void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
  });

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!isRouterMessage(message)) return; // e.g. the forwarded copy, addressed to the offscreen page
    if (message.type === 'openDetails') void openDetails(message.payload, sender).then(sendResponse);
    else void route(message).then(sendResponse);
    return true; // answered asynchronously
  });

  const restoreOverlay = () => {
    syncRegistrations().catch((error: unknown) =>
      console.error('throughline: could not restore the overlay', error),
    );
  };
  browser.runtime.onStartup.addListener(restoreOverlay);
  browser.runtime.onInstalled.addListener(restoreOverlay);
  // Access withdrawn in the browser's own settings: forget those sites, as the dashboard shows.
  browser.permissions.onRemoved.addListener(restoreOverlay);
});
