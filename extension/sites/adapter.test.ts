import { describe, expect, it } from 'vitest';
import { customAdapter, customSiteSchema, describeIssues, siteAdapterSchema } from './adapter';

const valid = {
  id: 'acme-cms',
  name: 'Acme CMS',
  matches: ['https://cms.acme.example/clients*'],
  side: 'treatment',
  rows: 'table#clients > tbody > tr',
  recordId: { column: 'Client ID' },
};

describe('site adapter schema', () => {
  it('accepts an adapter as data and fills in the defaults', () => {
    const adapter = siteAdapterSchema.parse(valid);
    expect(adapter.fields).toEqual({});
    expect(adapter.badge).toEqual({ position: 'append' });
  });

  it('refuses, with the path and the reason, what the overlay could not use', () => {
    const cases: [unknown, string][] = [
      [{ ...valid, id: 'Acme CMS' }, 'id: lower case letters'],
      [{ ...valid, matches: [] }, 'matches: an adapter needs at least one match pattern'],
      [{ ...valid, matches: ['<all_urls>'] }, 'matches.0:'],
      [{ ...valid, matches: ['*://*/*'] }, 'matches every site'],
      [{ ...valid, side: 'probation' }, 'side:'],
      [{ ...valid, rows: ' ' }, 'rows: a CSS selector cannot be empty'],
      [{ ...valid, recordId: {} }, 'recordId: say where the value is'],
      [{ ...valid, recordId: { selector: '.id', column: 1 } }, 'give a selector or a column, not both'],
      [{ ...valid, recordId: { column: 0 } }, 'a column position counts from 1'],
      [{ ...valid, recordId: undefined }, 'read at least the record id or one identifying field'],
      [{ ...valid, fields: { favouriteColour: { column: 2 } } }, 'fields'],
      [{ ...valid, badge: { position: 'after' } }, 'badge.position'],
      [{ ...valid, script: 'alert(1)' }, 'script'],
    ];
    for (const [input, expected] of cases) {
      const parsed = siteAdapterSchema.safeParse(input);
      expect(parsed.success, JSON.stringify(input)).toBe(false);
      if (!parsed.success) expect(describeIssues(parsed.error)).toContain(expected);
    }
  });
});

describe('custom plain-table sites', () => {
  const site = {
    id: 'custom-acme',
    name: 'Acme',
    origin: 'http://127.0.0.1:5000',
    side: 'treatment',
    columns: { id: 'Client ID', name: 'Name', dob: 3, nhsNumber: 'NHS number' },
  };

  it('becomes an adapter for the pages of that origin, reading the chosen columns', () => {
    const adapter = customAdapter(customSiteSchema.parse(site));
    expect(adapter).toMatchObject({
      id: 'custom-acme',
      matches: ['http://127.0.0.1:5000/*'],
      side: 'treatment',
      recordId: { column: 'Client ID' },
      fields: { fullName: { column: 'Name' }, dob: { column: 3 }, nhsNumber: { column: 'NHS number' } },
      badge: { column: 'Name', position: 'append' },
    });
    expect(adapter.rows).toBe(':is(table) > tbody > tr:has(> td), :is(table) > tr:has(> td)');
  });

  it('puts the badges in the id column when no name column is chosen', () => {
    const adapter = customAdapter(customSiteSchema.parse({ ...site, columns: { id: 1 } }));
    expect(adapter.badge.column).toBe(1);
    expect(adapter.fields).toEqual({});
  });

  it('refuses a configuration that names no column, a path as origin, or stray keys', () => {
    for (const [input, expected] of [
      [{ ...site, columns: {} }, 'choose at least the column'],
      [{ ...site, origin: 'http://127.0.0.1:5000/clients' }, 'without a path'],
      [{ ...site, origin: 'javascript:alert(1)' }, 'not an http or https address'],
      [{ ...site, id: 'acme' }, 'id:'],
      [{ ...site, path: 'clients' }, 'a path starts with /'],
      [{ ...site, rows: 'tr' }, 'rows'],
    ] as [unknown, string][]) {
      const parsed = customSiteSchema.safeParse(input);
      expect(parsed.success, JSON.stringify(input)).toBe(false);
      if (!parsed.success) expect(describeIssues(parsed.error)).toContain(expected);
    }
  });
});
