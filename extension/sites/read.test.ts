import { describe, expect, it } from 'vitest';
import { customAdapter, customSiteSchema, siteAdapterSchema } from './adapter';
import { demoReleases } from './demo-releases';
import { demoTreatment } from './demo-treatment';
import {
  badgeAnchor,
  cellAt,
  columnIndex,
  firstLookup,
  headerKey,
  headersFor,
  headerTexts,
  type RowElement,
  readRow,
  rowQuery,
  valuesLookup,
} from './read';

/**
 * A stand-in for a DOM element: only what the reader uses. `select` answers querySelector for the
 * selectors a test names, `up` answers closest. Real DOM reading is covered by the e2e tests.
 */
interface Fake extends RowElement {
  children: Fake[];
}
function el(
  tagName: string,
  content: string | Fake[] = [],
  options: { attrs?: Record<string, string>; select?: Record<string, Fake>; up?: Record<string, Fake> } = {},
): Fake {
  const children = typeof content === 'string' ? [] : content;
  return {
    tagName: tagName.toUpperCase(),
    children,
    get textContent() {
      return typeof content === 'string' ? content : children.map((c) => c.textContent).join('');
    },
    getAttribute: (name) => options.attrs?.[name] ?? null,
    querySelector: (selector) => options.select?.[selector] ?? null,
    closest: (selector) => options.up?.[selector] ?? null,
  };
}
const td = (text: string | Fake[], attrs?: Record<string, string>) => el('td', text, { attrs });
const th = (text: string, attrs?: Record<string, string>) => el('th', text, { attrs });

const headers = ['Client ID', 'Name', 'Date of birth', 'NHS number', 'Key worker'];
const headersOf = () => headers;

describe('columns', () => {
  it('header rows expand spans, so grouped headers name each column they cover', () => {
    const row = el('tr', [th('Client', { colspan: '2' }), th(' Identity\n '), el('div', 'stray')]);
    expect(headerTexts(row)).toEqual(['Client', 'Client', 'Identity']);
  });

  it('finds a column by header text (case, spacing and trailing punctuation ignored) or by number', () => {
    expect(columnIndex(headers, 'nhs  NUMBER:')).toBe(3);
    expect(columnIndex(headers, 'Name')).toBe(1);
    expect(columnIndex(headers, 2)).toBe(1);
    expect(columnIndex(headers, 'Postcode')).toBe(-1);
    expect(headerKey(' Date of birth * ')).toBe('date of birth');
  });

  it('the cell covering a column counts spans and skips what is not a cell', () => {
    const row = el('tr', [td('a', { colspan: '2' }), el('span', 'x'), td('b'), td('c')]);
    expect(cellAt(row, 0)?.textContent).toBe('a');
    expect(cellAt(row, 1)?.textContent).toBe('a');
    expect(cellAt(row, 2)?.textContent).toBe('b');
    expect(cellAt(row, 4)).toBeNull();
    expect(cellAt(row, -1)).toBeNull();
  });

  it('reads the header row of the table a row is in', () => {
    const headerRow = el('tr', [th('Client ID'), th('Name')]);
    const table = el('table', [], { select: { ':scope > thead > tr:last-child': headerRow } });
    const row = el('tr', [td('TR000001'), td('SMITH, John')], { up: { table } });
    expect(headersFor(row)).toEqual(['Client ID', 'Name']);
    expect(headersFor(el('div', [], {}))).toEqual([]);
  });
});

describe('reading rows', () => {
  const treatment = siteAdapterSchema.parse(demoTreatment);
  const releases = siteAdapterSchema.parse(demoReleases);

  it('the demo treatment table: id, name, date of birth and NHS number by header, odd nesting and all', () => {
    const name = td([el('div', [el('span', [el('a', 'SMITH'), el('span', ', John ')])])]);
    const row = el('tr', [td(' TR001234 '), name, td('01/02/1980'), td('999 123 4567'), td('A. Okafor')]);
    const values = readRow(row, treatment, headersOf);
    expect(values).toEqual({
      recordId: 'TR001234',
      fields: { fullName: 'SMITH, John', dob: '01/02/1980', nhsNumber: '9991234567' },
    });
    expect(badgeAnchor(row, treatment, headersOf)).toBe(name);
  });

  it('the demo release grid: the id from an attribute of the row, values by selector', () => {
    const nameCell = el('div', [el('span', [el('b', 'JONES'), el('span', ', Amy')])]);
    const row = el('div', [], {
      attrs: { 'data-booking': 'B0100234' },
      select: {
        '.rl-cell--name': nameCell,
        '.rl-cell--dob': el('div', '03/04/1991'),
        '.rl-cell--prison': el('div', ''),
      },
    });
    expect(readRow(row, releases, () => [])).toEqual({
      recordId: 'B0100234',
      fields: { fullName: 'JONES, Amy', dob: '03/04/1991' }, // an empty prison number is left out
    });
    expect(badgeAnchor(row, releases, () => [])).toBe(nameCell);
  });

  it('a custom plain-table site reads the columns the user chose, by number or header', () => {
    const site = customSiteSchema.parse({
      id: 'custom-x',
      name: 'X',
      origin: 'https://x.example',
      side: 'releases',
      columns: { id: 1, name: 'name', nhsNumber: 4 },
    });
    const row = el('tr', [td('B1'), td('Amy Jones'), td('03/04/1991'), td('999-000-0001')]);
    expect(readRow(row, customAdapter(site), headersOf)).toEqual({
      recordId: 'B1',
      fields: { fullName: 'Amy Jones', nhsNumber: '9990000001' },
    });
  });

  it('a missing column or element reads as nothing, not an error', () => {
    const adapter = siteAdapterSchema.parse({ ...demoTreatment, recordId: { column: 'Case number' } });
    expect(readRow(el('tr', [td('x')]), adapter, headersOf)).toEqual({ fields: {} });
  });
});

describe('row queries', () => {
  it('by id with the row values as fallback; by values alone without an id; nothing without either', () => {
    expect(rowQuery({ recordId: 'TR1', fields: { dob: '01/02/1980' } }, 'treatment')).toEqual({
      query: { recordId: 'TR1', side: 'treatment' },
      fallback: { fields: { dob: '01/02/1980' }, side: 'treatment' },
    });
    expect(rowQuery({ recordId: 'TR1', fields: {} }, 'treatment')).toEqual({
      query: { recordId: 'TR1', side: 'treatment' },
    });
    expect(rowQuery({ fields: { fullName: 'Amy Jones' } }, 'releases')).toEqual({
      query: { fields: { fullName: 'Amy Jones' }, side: 'releases' },
    });
    expect(rowQuery({ fields: {} }, 'releases')).toBeNull();
  });
});

describe('what the overlay sends', () => {
  const treatment = siteAdapterSchema.parse(demoTreatment);
  const row = el('tr', [
    td('TR000042'),
    td('SMITH, John'),
    td('01/02/1980'),
    td('999 123 4567'),
    td('A. Okafor'),
  ]);

  it('first the id alone, when the row shows one: a small message, one value read', () => {
    expect(firstLookup(row, treatment, headersOf)).toEqual({
      query: { recordId: 'TR000042', side: 'treatment' },
    });
  });

  it('then, for an id the workspace does not know, what the row shows', () => {
    expect(valuesLookup(row, treatment, headersOf)).toEqual({
      query: {
        fields: { fullName: 'SMITH, John', dob: '01/02/1980', nhsNumber: '9991234567' },
        side: 'treatment',
      },
    });
  });

  it('straight to the values when the row shows no id', () => {
    const noId = el('tr', [td(''), td('SMITH, John'), td('01/02/1980'), td(''), td('')]);
    expect(firstLookup(noId, treatment, headersOf)).toEqual({
      query: { fields: { fullName: 'SMITH, John', dob: '01/02/1980' }, side: 'treatment' },
    });
    expect(firstLookup(el('tr', [td('')]), treatment, headersOf)).toBeNull();
  });
});
