/**
 * The background service worker: a router and nothing else. It holds no data and does no
 * matching (a service worker cannot start a worker, and it is stopped when idle); it opens the
 * dashboard from the toolbar button and forwards lookups to the offscreen document.
 */
import { browser } from 'wxt/browser';
import { isRouterMessage } from '../../../shared/messages';
import { route } from './router';

export default defineBackground(() => {
  browser.action.onClicked.addListener(() => {
    void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
  });

  browser.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (!isRouterMessage(message)) return; // e.g. the forwarded copy, addressed to the offscreen page
    void route(message).then(sendResponse);
    return true; // answered asynchronously
  });
});
