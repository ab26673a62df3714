import { browser } from 'wxt/browser';
import type { DetailsRequest } from '../../../shared/badges';
import type { ResponseOf } from '../../../shared/messages';
import { ok } from '../../../shared/workspace';
import { failure } from '../../engine/errors';
import { DETAILS_SELECTION_KEY, type DetailsSelection } from '../../overlay/selection';

const DETAILS_PAGE = '/sidepanel.html';

/**
 * A badge was clicked: leave the row's query for the side panel (session storage, extension pages
 * only) and open the panel on the sender's tab. `sidePanel.open` needs the click's user gesture,
 * which the message carries only until this handler first yields, so it is called before any
 * await. Where the panel cannot open (no side panel in this browser, no gesture left), the details
 * open in a tab beside the case system's instead.
 */
export function openDetails(
  request: DetailsRequest,
  sender: Browser.runtime.MessageSender,
): Promise<ResponseOf<'openDetails'>> {
  const tab = sender.tab;
  const panel: Promise<boolean> =
    tab?.id !== undefined && browser.sidePanel?.open
      ? browser.sidePanel.open({ tabId: tab.id }).then(
          () => true,
          () => false,
        )
      : Promise.resolve(false);
  const selection: DetailsSelection = { ...request, at: Date.now() };
  const stored = browser.storage.session.set({ [DETAILS_SELECTION_KEY]: selection });
  return Promise.all([panel, stored])
    .then(async ([opened]): Promise<ResponseOf<'openDetails'>> => {
      if (opened) return ok({ shownIn: 'side-panel' as const });
      await browser.tabs.create({
        url: browser.runtime.getURL(DETAILS_PAGE),
        ...(tab?.id !== undefined
          ? { windowId: tab.windowId, index: tab.index + 1, openerTabId: tab.id }
          : {}),
      });
      return ok({ shownIn: 'tab' as const });
    })
    .catch((error: unknown) => failure<{ shownIn: 'side-panel' | 'tab' }>(error));
}
