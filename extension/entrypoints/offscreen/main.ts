/**
 * The offscreen document (reason WORKERS): the background service worker cannot start a worker,
 * so this page joins the engine's SharedWorker and answers the lookups that content scripts send
 * through the background. Its connection also keeps the engine alive while no dashboard is open.
 * Only `chrome.runtime` exists here.
 */
import { browser } from 'wxt/browser';
import { dispatch, isOffscreenMessage, type MessageHandlers } from '../../../shared/messages';
import { ok } from '../../../shared/workspace';
import { connectEngine } from '../../engine/client';
import { failure } from '../../engine/errors';
import { exposeOnPage } from '../../engine/global';
import { BadgeAnswerer } from '../../overlay/answer';

const engine = connectEngine();
exposeOnPage(engine);
const badges = new BadgeAnswerer(engine);

const handlers: MessageHandlers = {
  status: async () => ok(await engine.status()),
  lookup: (query) => engine.lookup(query),
  lookupBatch: (queries) => engine.lookupBatch(queries),
  // Labels only go back to the page (shared/badges.ts); the lookup results stay here.
  badges: (rows) => badges.answer(rows),
};

browser.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (!isOffscreenMessage(message)) return; // not ours: the background or a page answers it
  dispatch(handlers, message).catch(failure).then(sendResponse);
  return true; // answered asynchronously
});
