/**
 * Turning the overlay on and off for a case system, and keeping it on across restarts.
 *
 * Host access is asked for one site at a time (`optional_host_permissions` in the manifest; the
 * caller asks `permissions.request` inside the click that enabled it), and the overlay content
 * script is registered at run time for that site's pages only (`scripting.registerContentScripts`).
 * Chrome does not keep runtime registrations when an unpacked extension is loaded again, so the
 * background calls `syncRegistrations` on `runtime.onStartup` and `onInstalled`
 * (extension-platform.md §7). Used by the dashboard and the background.
 */
import { browser } from 'wxt/browser';
import type { SiteAdapter } from './adapter';
import { allSites } from './index';
import { permissionOrigin } from './match-pattern';
import { enabledSitesItem, loadCustomSites } from './settings';

/** The built overlay content script (extension/entrypoints/overlay.content/). */
export const OVERLAY_SCRIPT = 'content-scripts/overlay.js';
const ID_PREFIX = 'throughline-overlay-';
export const registrationId = (siteId: string): string => `${ID_PREFIX}${siteId}`;

/** The host permissions a site needs: the origins of its match patterns, nothing wider. */
export function originsOf(site: SiteAdapter): string[] {
  return [...new Set(site.matches.map(permissionOrigin))];
}

export function hasAccess(site: SiteAdapter): Promise<boolean> {
  return browser.permissions.contains({ origins: originsOf(site) });
}

// Registrations change one at a time: the background's onStartup and onInstalled can both fire
// at launch, and a dashboard click can land meanwhile.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

async function register(site: SiteAdapter): Promise<void> {
  const script = {
    id: registrationId(site.id),
    matches: site.matches,
    js: [OVERLAY_SCRIPT],
    // As early as possible: the script reads its settings while the page loads, then reads the
    // rows on DOMContentLoaded, so the lookup runs while the page lays itself out.
    runAt: 'document_start' as const,
    allFrames: false,
    persistAcrossSessions: true,
  };
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [script.id] });
  if (existing.length > 0) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
}

async function unregister(siteId: string): Promise<void> {
  const id = registrationId(siteId);
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [id] });
}

/**
 * Registers the overlay for a site whose access the user has just granted, and remembers it as
 * enabled. Refuses when the access is not there (the user declined the prompt).
 */
export function enableSite(site: SiteAdapter): Promise<void> {
  return serial(async () => {
    if (!(await hasAccess(site)))
      throw new Error(`${site.name}: the browser did not grant access to ${originsOf(site).join(', ')}.`);
    await register(site);
    const enabled = await enabledSitesItem.getValue();
    if (!enabled.includes(site.id)) await enabledSitesItem.setValue([...enabled, site.id]);
  });
}

/**
 * Unregisters the overlay for a site, forgets it as enabled, and gives back the host access no
 * other enabled site needs. Access granted by the manifest itself (the end-to-end test build)
 * cannot be given back; that refusal is expected and ignored.
 */
export function disableSite(site: SiteAdapter): Promise<void> {
  return serial(async () => {
    await unregister(site.id);
    const enabled = (await enabledSitesItem.getValue()).filter((id) => id !== site.id);
    await enabledSitesItem.setValue(enabled);
    const sites = allSites(await loadCustomSites());
    const stillNeeded = new Set(sites.filter((s) => enabled.includes(s.id)).flatMap(originsOf));
    const release = originsOf(site).filter((o) => !stillNeeded.has(o));
    if (release.length > 0) await browser.permissions.remove({ origins: release }).catch(() => false);
  });
}

/** Re-registers a site whose adapter changed (a custom site edited while enabled). */
export function refreshSite(site: SiteAdapter): Promise<void> {
  return serial(async () => {
    if ((await enabledSitesItem.getValue()).includes(site.id) && (await hasAccess(site)))
      await register(site);
  });
}

/**
 * Makes the registrations match the enabled list: registers each enabled site that still has its
 * host access, unregisters our scripts for sites no longer enabled, and forgets sites whose
 * access was withdrawn in the browser's settings or whose adapter no longer exists.
 */
export function syncRegistrations(): Promise<{ registered: string[]; dropped: string[] }> {
  return serial(async () => {
    const sites = new Map(allSites(await loadCustomSites()).map((s) => [s.id, s]));
    const enabled = await enabledSitesItem.getValue();
    const registered: string[] = [];
    const dropped: string[] = [];
    for (const id of enabled) {
      const site = sites.get(id);
      if (site && (await hasAccess(site))) {
        await register(site);
        registered.push(id);
      } else dropped.push(id);
    }
    for (const script of await browser.scripting.getRegisteredContentScripts())
      if (script.id.startsWith(ID_PREFIX) && !registered.includes(script.id.slice(ID_PREFIX.length)))
        await browser.scripting.unregisterContentScripts({ ids: [script.id] });
    if (dropped.length > 0) await enabledSitesItem.setValue(enabled.filter((id) => !dropped.includes(id)));
    return { registered, dropped };
  });
}
