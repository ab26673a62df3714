/**
 * Reading a client row with an adapter: the values it shows, the query the overlay sends for it,
 * and the element its badges go in. Written against the few DOM members it uses (`RowElement`),
 * so the logic is tested in Node with plain objects and runs unchanged on real elements.
 */
import type { CanonicalField } from '../../shared/person';
import type { LookupQuery, Side } from '../../shared/workspace';
import type { ColumnRef, RowField, SiteAdapter, ValueSource } from './adapter';

/** The part of `Element` the reader uses. */
export interface RowElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly children: ArrayLike<RowElement>;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): RowElement | null;
  closest(selectors: string): RowElement | null;
}

/** What one row shows, as text. */
export interface RowValues {
  recordId?: string;
  fields: Partial<Record<RowField, string>>;
}

/** Header texts by column position (a header spanning two columns names both). */
export type Headers = readonly string[];

export const cleanText = (text: string | null | undefined): string =>
  (text ?? '').replace(/\s+/g, ' ').trim();

/** Header text compared without case, spacing or trailing punctuation ("NHS No.:" = "nhs no"). */
export const headerKey = (text: string): string =>
  cleanText(text)
    .toLowerCase()
    .replace(/[\s:.*]+$/, '');

const isCell = (e: RowElement): boolean => e.tagName === 'TD' || e.tagName === 'TH';

const span = (cell: RowElement): number => {
  const n = Number(cell.getAttribute('colspan') ?? '1');
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : 1;
};

/** The texts of a header row, one entry per column it covers. */
export function headerTexts(headerRow: RowElement): string[] {
  const out: string[] = [];
  for (const cell of Array.from(headerRow.children).filter(isCell)) {
    const text = cleanText(cell.textContent);
    for (let k = 0; k < span(cell); k++) out.push(text);
  }
  return out;
}

/**
 * The header row of a table: the last row of its head (the one above the data when headers are
 * grouped over two rows), else its first row made of header cells.
 */
export function headerRowOf(table: RowElement): RowElement | null {
  return (
    table.querySelector(':scope > thead > tr:last-child') ??
    table.querySelector(':scope > tbody > tr:first-child:not(:has(> td))')
  );
}

// Column positions found, per header list: a page's rows share their table's headers, so each
// column is looked up once per table, not once per row.
const positions = new WeakMap<Headers, Map<string, number>>();

/** A column's 0-based position, from its header text or its 1-based number; -1 when not found. */
export function columnIndex(headers: Headers, ref: ColumnRef): number {
  if (typeof ref === 'number') return ref - 1;
  let known = positions.get(headers);
  if (!known) {
    known = new Map();
    positions.set(headers, known);
  }
  let index = known.get(ref);
  if (index === undefined) {
    const wanted = headerKey(ref);
    index = headers.findIndex((h) => headerKey(h) === wanted);
    known.set(ref, index);
  }
  return index;
}

/** The cell of a row that covers a column position, spans counted. */
export function cellAt(row: RowElement, index: number): RowElement | null {
  if (index < 0) return null;
  const { children } = row;
  let at = 0;
  for (let k = 0; k < children.length; k++) {
    const cell = children[k];
    if (!isCell(cell)) continue;
    at += span(cell);
    if (index < at) return cell;
  }
  return null;
}

/** Header texts of the table a row is in; cached by the caller per table. */
export type HeadersOf = (row: RowElement) => Headers;

export function headersFor(row: RowElement): Headers {
  const table = row.closest('table');
  const header = table ? headerRowOf(table) : null;
  return header ? headerTexts(header) : [];
}

function elementFor(
  row: RowElement,
  source: { selector?: string; column?: ColumnRef },
  headersOf: HeadersOf,
) {
  if (source.column !== undefined) return cellAt(row, columnIndex(headersOf(row), source.column));
  if (source.selector !== undefined) return row.querySelector(source.selector);
  return row;
}

export function readValue(row: RowElement, source: ValueSource, headersOf: HeadersOf): string {
  const element = elementFor(row, source, headersOf);
  if (!element) return '';
  return cleanText(
    source.attribute !== undefined ? element.getAttribute(source.attribute) : element.textContent,
  );
}

/** Digits only: "999 123 4567" and "999-123-4567" are the same NHS number. */
const IDENTIFIER_CLEANERS: Partial<Record<RowField, (value: string) => string>> = {
  nhsNumber: (v) => v.replace(/[\s-]/g, ''),
};

export function readRow(row: RowElement, adapter: SiteAdapter, headersOf: HeadersOf): RowValues {
  const values: RowValues = { fields: {} };
  if (adapter.recordId) {
    const id = readValue(row, adapter.recordId, headersOf);
    if (id) values.recordId = id;
  }
  for (const [field, source] of Object.entries(adapter.fields) as [RowField, ValueSource][]) {
    const raw = readValue(row, source, headersOf);
    const value = IDENTIFIER_CLEANERS[field]?.(raw) ?? raw;
    if (value) values.fields[field] = value;
  }
  return values;
}

export interface RowLookup {
  query: LookupQuery;
  fallback?: LookupQuery;
}

/**
 * The lookup for values already read: by the record id when the row shows one, with the row's
 * identifying values as the fallback (another system's numbering); by the values alone without
 * an id. Null when the row shows nothing to look up.
 */
export function rowQuery(values: RowValues, side: Side): RowLookup | null {
  const fields: Partial<Record<CanonicalField, string>> = values.fields;
  const hasFields = Object.keys(fields).length > 0;
  if (values.recordId !== undefined)
    return {
      query: { recordId: values.recordId, side },
      ...(hasFields ? { fallback: { fields, side } } : {}),
    };
  return hasFields ? { query: { fields, side } } : null;
}

/**
 * The first lookup the overlay sends for a row: its id alone when the adapter reads one and the
 * row shows it (one value read, a small message), else its identifying values. The values are
 * read and sent only for a row whose id the workspace does not know (`valuesLookup`).
 */
export function firstLookup(row: RowElement, adapter: SiteAdapter, headersOf: HeadersOf): RowLookup | null {
  if (adapter.recordId) {
    const recordId = readValue(row, adapter.recordId, headersOf);
    if (recordId) return { query: { recordId, side: adapter.side } };
  }
  return valuesLookup(row, adapter, headersOf);
}

/** The lookup by what the row shows (name, date of birth, identifiers); null when it shows none. */
export function valuesLookup(row: RowElement, adapter: SiteAdapter, headersOf: HeadersOf): RowLookup | null {
  const { fields } = readRow(row, { ...adapter, recordId: undefined }, headersOf);
  return rowQuery({ fields }, adapter.side);
}

/** A stable text for a row's lookup: a row whose key is unchanged need not be asked about again. */
export const queryKey = (q: RowLookup): string => JSON.stringify(q);

/** The element a row's badges go in. */
export function badgeAnchor(row: RowElement, adapter: SiteAdapter, headersOf: HeadersOf): RowElement | null {
  return elementFor(row, adapter.badge, headersOf);
}
