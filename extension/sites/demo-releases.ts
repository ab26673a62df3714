import type { SiteAdapterInput } from './adapter';

/**
 * The demo prison release list (extension/demo/server.ts, `/releases`): a div-based grid drawn by
 * page script from embedded JSON, destroyed and redrawn on every sort and filter, with infinite
 * scroll that appends rows. The booking reference is an attribute of the row element.
 *
 * Test URL: http://127.0.0.1:<port>/releases (`npm run demo:sites`)
 */
export const demoReleases: SiteAdapterInput = {
  id: 'demo-releases',
  name: 'Prison release referrals (demo)',
  matches: ['http://127.0.0.1/releases*'],
  side: 'releases',
  rows: '#rl-body > .rl-row',
  recordId: { attribute: 'data-booking' },
  fields: {
    fullName: { selector: '.rl-cell--name' },
    dob: { selector: '.rl-cell--dob' },
    prisonNumber: { selector: '.rl-cell--prison' },
  },
  badge: { selector: '.rl-cell--name', position: 'append' },
};
