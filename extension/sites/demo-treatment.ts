import type { SiteAdapterInput } from './adapter';

/**
 * The demo community treatment provider (extension/demo/server.ts, `/clients`): a server-rendered,
 * paginated HTML table with headers grouped over two rows, values wrapped in odd nesting, and an
 * "Add client" form that appends rows. Columns are found by their header text.
 *
 * Test URL: http://127.0.0.1:<port>/clients?page=1 (`npm run demo:sites`)
 */
export const demoTreatment: SiteAdapterInput = {
  id: 'demo-treatment',
  name: 'Riverside Recovery client list (demo)',
  matches: ['http://127.0.0.1/clients*'],
  side: 'treatment',
  rows: '#client-table > tbody > tr',
  recordId: { column: 'Client ID' },
  fields: {
    fullName: { column: 'Name' },
    dob: { column: 'Date of birth' },
    nhsNumber: { column: 'NHS number' },
  },
  badge: { column: 'Name', position: 'append' },
};
