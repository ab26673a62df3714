/**
 * What the overlay remembers, in `browser.storage.local`: which case systems are enabled and the
 * user's own plain-table sites. Configuration only, never a record's values. Versioned storage
 * items, so a later shape can migrate what is stored (WXT storage `version` + `migrations`).
 */
import { storage } from 'wxt/utils/storage';
import { type CustomSite, type CustomSiteInput, customSiteSchema, describeIssues } from './adapter';

/** Ids of the enabled sites, built-in or custom. */
export const enabledSitesItem = storage.defineItem<string[]>('local:overlay.enabledSites', {
  fallback: [],
  version: 1,
});

/** The user's own plain-table sites, as they configured them. */
export const customSitesItem = storage.defineItem<CustomSiteInput[]>('local:overlay.customSites', {
  fallback: [],
  version: 1,
});

/** The storage keys above as they appear in `storage.onChanged` (area `local`). */
export const SITE_SETTING_KEYS = ['overlay.enabledSites', 'overlay.customSites'] as const;

/** The stored custom sites that are still valid; one that no longer validates is skipped, loudly. */
export async function loadCustomSites(): Promise<CustomSite[]> {
  const stored = await customSitesItem.getValue();
  const sites: CustomSite[] = [];
  for (const input of stored) {
    const parsed = customSiteSchema.safeParse(input);
    if (parsed.success) sites.push(parsed.data);
    else
      console.warn(
        `throughline: a stored case system is not valid and was skipped: ${describeIssues(parsed.error)}`,
      );
  }
  return sites;
}
