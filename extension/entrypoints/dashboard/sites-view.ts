/**
 * The "Case systems" view: turn the overlay on or off per case system, and add a case system whose
 * client list is a plain HTML table, by its address and a choice of columns, without code.
 *
 * Enabling asks the browser for that site's origin only, inside the click (a permission prompt
 * needs the user's gesture), then registers the overlay for its pages; disabling unregisters it
 * and gives the access back (extension/sites/registration.ts).
 */
import { browser } from 'wxt/browser';
import type { Side } from '../../../shared/workspace';
import {
  type CustomSiteInput,
  customAdapter,
  customSiteSchema,
  describeIssues,
  type SiteAdapter,
} from '../../sites/adapter';
import { allSites } from '../../sites/index';
import { disableSite, enableSite, hasAccess, originsOf } from '../../sites/registration';
import { customSitesItem, enabledSitesItem, loadCustomSites, SITE_SETTING_KEYS } from '../../sites/settings';
import { messageOf } from './alerts';
import type { Dashboard } from './context';
import { cell, element } from './dom';

const SIDE_NAMES: Record<Side, string> = { releases: 'Prison releases', treatment: 'Community treatment' };

interface SiteRow {
  site: SiteAdapter;
  custom: boolean;
  enabled: boolean;
  access: boolean;
}

async function siteRows(): Promise<SiteRow[]> {
  const custom = await loadCustomSites();
  const enabled = await enabledSitesItem.getValue();
  const customIds = new Set(custom.map((c) => c.id));
  return Promise.all(
    allSites(custom).map(async (site) => ({
      site,
      custom: customIds.has(site.id),
      enabled: enabled.includes(site.id),
      access: enabled.includes(site.id) ? await hasAccess(site) : false,
    })),
  );
}

function button(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Asks for a site's host access and enables its overlay. `permissions.request` is called first,
 * synchronously in the click, or the browser refuses to show its prompt.
 */
function enable(dashboard: Dashboard, site: SiteAdapter, redraw: () => void): void {
  dashboard.alerts.clearError();
  const asked = browser.permissions.request({ origins: originsOf(site) });
  void asked
    .then(async (granted) => {
      if (!granted) {
        dashboard.report(`${site.name}: access to the site was not granted, so the badges stay off.`);
        return;
      }
      await enableSite(site);
      dashboard.report(`Badges are on for ${site.name}. Pages of it opened from now on show them.`);
    })
    .catch((error: unknown) => dashboard.alerts.showError([messageOf(error)]))
    .finally(redraw);
}

function disable(dashboard: Dashboard, site: SiteAdapter, redraw: () => void): void {
  dashboard.alerts.clearError();
  void disableSite(site)
    .then(() => dashboard.report(`Badges are off for ${site.name}, and its access is given back.`))
    .catch((error: unknown) => dashboard.alerts.showError([messageOf(error)]))
    .finally(redraw);
}

function remove(dashboard: Dashboard, site: SiteAdapter, redraw: () => void): void {
  dashboard.alerts.clearError();
  void disableSite(site)
    .then(async () => {
      const stored = await customSitesItem.getValue();
      await customSitesItem.setValue(stored.filter((s) => s.id !== site.id));
      dashboard.report(`Removed ${site.name}.`);
    })
    .catch((error: unknown) => dashboard.alerts.showError([messageOf(error)]))
    .finally(redraw);
}

async function drawTable(dashboard: Dashboard, redraw: () => void): Promise<void> {
  const rows = await siteRows();
  const body = element('sites-table', HTMLTableElement).tBodies[0];
  if (!body) return;
  body.replaceChildren(
    ...rows.map(({ site, custom, enabled, access }) => {
      const tr = document.createElement('tr');
      tr.dataset.site = site.id;
      const state = enabled ? (access ? 'On' : 'On, but the browser no longer grants access') : 'Off';
      const actions = document.createElement('td');
      actions.append(
        enabled
          ? button('Disable', `Disable ${site.name}`, () => disable(dashboard, site, redraw))
          : button('Enable', `Enable ${site.name}`, () => enable(dashboard, site, redraw)),
      );
      if (custom)
        actions.append(
          ' ',
          button('Remove', `Remove ${site.name}`, () => remove(dashboard, site, redraw)),
        );
      tr.append(
        cell(`${site.name}${custom ? ' (your table)' : ''}`),
        cell(SIDE_NAMES[site.side]),
        cell(site.matches.join(', ')),
        cell(state),
        actions,
      );
      return tr;
    }),
  );
}

const text = (id: string): string => element(id, HTMLInputElement).value.trim();

/** A column as typed: a number is a position (1 = first), anything else a header text. */
function column(id: string): string | number | undefined {
  const value = text(id);
  if (value === '') return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'site';

async function saveCustomSite(dashboard: Dashboard): Promise<boolean> {
  const stored = await customSitesItem.getValue();
  const taken = new Set([...stored.map((s) => s.id)]);
  let id = `custom-${slug(text('custom-site-name'))}`;
  for (let n = 2; taken.has(id); n++) id = `custom-${slug(text('custom-site-name'))}-${n}`;
  const side = document.querySelector<HTMLInputElement>('input[name="custom-site-side"]:checked')?.value;
  const input: CustomSiteInput = {
    id,
    name: text('custom-site-name'),
    origin: text('custom-site-origin'),
    path: text('custom-site-path') || '/*',
    side: side === 'releases' ? 'releases' : 'treatment',
    table: text('custom-site-table') || 'table',
    columns: {
      id: column('custom-site-col-id'),
      name: column('custom-site-col-name'),
      dob: column('custom-site-col-dob'),
      nhsNumber: column('custom-site-col-nhs'),
    },
  };
  const parsed = customSiteSchema.safeParse(input);
  if (!parsed.success) {
    dashboard.alerts.showError([`The case system was not saved: ${describeIssues(parsed.error)}.`]);
    return false;
  }
  customAdapter(parsed.data); // checks the adapter it stands for, too
  await customSitesItem.setValue([...stored, parsed.data]);
  dashboard.report(`Saved ${parsed.data.name}. Enable it in the list to see badges on its pages.`);
  return true;
}

/** Runs in the case system's tab: the header texts of the chosen table (the last header row). */
function readHeadersInPage(selector: string): string[] {
  const table = document.querySelector(selector);
  if (!(table instanceof HTMLTableElement)) return [];
  const row =
    table.tHead?.rows[table.tHead.rows.length - 1] ??
    [...table.rows].find((r) => r.querySelector('td') === null);
  if (!row) return [];
  return [...row.cells].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim());
}

/**
 * Offers the column headings of an open tab of the site as choices. Asks for the site's access
 * first (inside the click), which reading the page needs and enabling the site will need anyway.
 */
function readHeaders(): void {
  const status = element('custom-site-read-status', HTMLElement);
  const origin = text('custom-site-origin');
  let pattern: string;
  try {
    const url = new URL(origin);
    pattern = `${url.protocol}//${url.host}/*`;
  } catch {
    status.textContent = 'Give the site address first, such as https://cms.example.org.';
    return;
  }
  const asked = browser.permissions.request({ origins: [pattern] });
  void asked
    .then(async (granted) => {
      if (!granted) {
        status.textContent = 'Access to the site was not granted, so its headings cannot be read.';
        return;
      }
      const tabs = await browser.tabs.query({ url: pattern });
      const tab = tabs.find((t) => t.id !== undefined);
      if (tab?.id === undefined) {
        status.textContent = `Open the client list of ${origin} in a tab, then try again.`;
        return;
      }
      const [found] = await browser.scripting.executeScript({
        target: { tabId: tab.id },
        func: readHeadersInPage,
        args: [text('custom-site-table') || 'table'],
      });
      const headers = (found?.result as string[] | undefined)?.filter(Boolean) ?? [];
      const list = element('custom-site-headers', HTMLDataListElement);
      list.replaceChildren(
        ...headers.map((h) => {
          const option = document.createElement('option');
          option.value = h;
          return option;
        }),
      );
      status.textContent =
        headers.length > 0
          ? `Found the columns ${headers.join(', ')}: choose them in the boxes below.`
          : 'No table with headings was found on that page.';
    })
    .catch((error: unknown) => {
      status.textContent = `The headings could not be read: ${messageOf(error)}`;
    });
}

export function setUpSites(dashboard: Dashboard): void {
  const redraw = () => {
    void drawTable(dashboard, redraw).catch((error: unknown) =>
      dashboard.alerts.showError([messageOf(error)]),
    );
  };
  dashboard.views.onShow('sites', redraw);
  // Another dashboard tab, or the background dropping a site whose access was withdrawn.
  browser.storage.onChanged.addListener((changes, area) => {
    if (
      area === 'local' &&
      SITE_SETTING_KEYS.some((k) => k in changes) &&
      dashboard.views.current === 'sites'
    )
      redraw();
  });
  element('custom-site-read', HTMLButtonElement).addEventListener('click', readHeaders);
  const form = element('custom-site-form', HTMLFormElement);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    dashboard.alerts.clearError();
    void saveCustomSite(dashboard)
      .then((saved) => {
        if (saved) form.reset();
        redraw();
      })
      .catch((error: unknown) => dashboard.alerts.showError([messageOf(error)]));
  });
}
