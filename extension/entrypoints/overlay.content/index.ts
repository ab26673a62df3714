/**
 * The overlay content script. Registered at run time, per enabled case system, for that site's
 * pages only (extension/sites/registration.ts); `matches` stays empty so that the build adds no
 * host permission (extension-platform.md §7). It finds the enabled adapter for the page, hands the
 * page to an Overlay, and follows the settings: a site disabled or reconfigured takes effect on
 * open pages without a reload, and so does a new results version.
 */
import { browser } from 'wxt/browser';
import { RESULTS_VERSION_KEY } from '../../../shared/messages';
import { Overlay } from '../../overlay/controller';
import { siteForUrl } from '../../sites';
import { enabledSitesItem, loadCustomSites, SITE_SETTING_KEYS } from '../../sites/settings';

export default defineContentScript({
  registration: 'runtime',
  matches: [],
  // Tell no page script that an extension started here.
  noScriptStartedPostMessage: true,
  main(ctx) {
    let overlay: Overlay | null = null;
    let applied = '';
    let applying = Promise.resolve();

    // Injected at document_start: the settings are read while the page is still arriving, and
    // the rows are read once it is parsed (DOMContentLoaded), before its first full layout.
    const parsed = new Promise<void>((resolve) => {
      if (document.readyState !== 'loading') resolve();
      else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
    });

    const apply = () => {
      applying = applying.then(async () => {
        const [custom, enabled] = await Promise.all([loadCustomSites(), enabledSitesItem.getValue()]);
        await parsed;
        if (ctx.isInvalid) return;
        const site = siteForUrl(window.location.href, custom, enabled);
        const signature = site ? JSON.stringify(site) : '';
        if (signature === applied) return;
        applied = signature;
        overlay?.stop();
        overlay = site ? new Overlay(site).start() : null;
      });
    };

    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'local') return;
      if (SITE_SETTING_KEYS.some((key) => key in changes)) apply();
      else if (RESULTS_VERSION_KEY in changes) overlay?.refresh();
    };
    browser.storage.onChanged.addListener(onChanged);
    // A single-page app moving to another page may leave or enter the adapter's pages.
    ctx.addEventListener(window, 'wxt:locationchange', apply);
    ctx.onInvalidated(() => {
      browser.storage.onChanged.removeListener(onChanged);
      overlay?.stop();
      overlay = null;
    });
    apply();
  },
});
