/**
 * The overlay's site adapters: the single registry of built-in case systems (one file each in this
 * folder; index.test.ts fails if a file is not listed here), and how a page finds its adapter.
 */
import { type CustomSite, customAdapter, type SiteAdapter, siteAdapterSchema } from './adapter';
import { demoReleases } from './demo-releases';
import { demoTreatment } from './demo-treatment';
import { matchesUrl } from './match-pattern';

export type { CustomSite, SiteAdapter } from './adapter';

/** Built-in adapters, validated when this module loads: a broken one fails the build's tests. */
export const BUILT_IN_SITES: readonly SiteAdapter[] = [demoTreatment, demoReleases].map((a) =>
  siteAdapterSchema.parse(a),
);

/** Every adapter: the user's own plain-table sites first, then the built-in ones. */
export function allSites(custom: readonly CustomSite[]): SiteAdapter[] {
  return [...custom.map(customAdapter), ...BUILT_IN_SITES];
}

/**
 * The adapter for a page among the enabled ones: a user's own configuration wins over a built-in
 * adapter for the same pages (the user knows their case system's table).
 */
export function siteForUrl(
  url: string | URL,
  custom: readonly CustomSite[],
  enabled: readonly string[],
): SiteAdapter | null {
  return allSites(custom).find((site) => enabled.includes(site.id) && matchesUrl(site.matches, url)) ?? null;
}
