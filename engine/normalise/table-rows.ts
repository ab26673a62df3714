import type { FieldQuality, NormalisedTable } from './types';

/**
 * Row operations on normalised tables, for the workspace: several datasets on one side are
 * stacked into one table, and a dataset's table is edited record by record. Every per-row column
 * (an array or typed array of length n) is handled alike, so a new column needs no change here.
 */

type RowColumn = unknown[] | Int32Array;
type Keyed = Record<string, RowColumn>;

const NESTED = ['events', 'attributes', 'extras'] as const;
const SKIP = new Set<string>(['file', 'n', 'quality', ...NESTED]);

/** The missing value of a keyed column a table does not have (an event, attribute or extra). */
const missingIn = { events: 0, attributes: null, extras: '' } as const;

function pick(column: RowColumn, rows: readonly number[]): RowColumn {
  if (column instanceof Int32Array) return Int32Array.from(rows, (r) => column[r]);
  return rows.map((r) => column[r]);
}

function join(columns: RowColumn[]): RowColumn {
  if (columns[0] instanceof Int32Array) {
    const out = new Int32Array(columns.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of columns) {
      out.set(c as Int32Array, at);
      at += c.length;
    }
    return out;
  }
  const out = new Array(columns.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of columns as unknown[][]) for (let i = 0; i < c.length; i++) out[at++] = c[i];
  return out;
}

/** The records at `rows` (in that order), as a table of their own. */
export function selectRows(table: NormalisedTable, rows: readonly number[]): NormalisedTable {
  const out: Record<string, unknown> = { file: table.file, n: rows.length, quality: table.quality };
  for (const [key, value] of Object.entries(table)) {
    if (SKIP.has(key)) continue;
    out[key] = pick(value as RowColumn, rows);
  }
  for (const nested of NESTED) {
    const keyed: Keyed = {};
    for (const [name, column] of Object.entries(table[nested] as Keyed)) keyed[name] = pick(column, rows);
    out[nested] = keyed;
  }
  return out as unknown as NormalisedTable;
}

/**
 * Tables stacked in order into one. `ids` gives each table's record ids in the result (the
 * workspace qualifies them with their dataset). A keyed column that only some tables have is
 * missing in the others. Quality counts are summed by field.
 */
export function concatTables(
  tables: readonly NormalisedTable[],
  options: { file: string; ids?: (table: NormalisedTable, index: number) => string[] },
): NormalisedTable {
  if (tables.length === 0) return emptyTable(options.file);
  const n = tables.reduce((s, t) => s + t.n, 0);
  const out: Record<string, unknown> = { file: options.file, n };
  for (const key of Object.keys(tables[0])) {
    if (SKIP.has(key)) continue;
    out[key] =
      key === 'ids' && options.ids
        ? tables.flatMap((t, i) => options.ids?.(t, i) ?? t.ids)
        : join(tables.map((t) => (t as unknown as Keyed)[key]));
  }
  for (const nested of NESTED) {
    const names = new Set(tables.flatMap((t) => Object.keys(t[nested])));
    const keyed: Keyed = {};
    for (const name of names) {
      const parts = tables.map((t) => {
        const own = (t[nested] as Keyed)[name];
        if (own) return own;
        const missing = missingIn[nested];
        return missing === 0 ? new Int32Array(t.n) : new Array(t.n).fill(missing);
      });
      keyed[name] = join(parts);
    }
    out[nested] = keyed;
  }
  out.quality = sumQuality(tables.map((t) => t.quality));
  return out as unknown as NormalisedTable;
}

function sumQuality(all: FieldQuality[][]): FieldQuality[] {
  const byField = new Map<string, FieldQuality>();
  for (const q of all.flat()) {
    const sum = byField.get(q.field) ?? { field: q.field, present: 0, missing: 0, rejected: 0 };
    sum.present += q.present;
    sum.missing += q.missing;
    sum.rejected += q.rejected;
    byField.set(q.field, sum);
  }
  return [...byField.values()];
}

/** A table with no records (a side with no datasets yet). */
export function emptyTable(file: string): NormalisedTable {
  return {
    file,
    n: 0,
    ids: [],
    sourceRows: new Int32Array(0),
    forename: [],
    middleNames: [],
    surname: [],
    forenamesAll: [],
    surnamesAll: [],
    forenameKey: [],
    surnameKey: [],
    dob: new Int32Array(0),
    sex: [],
    postcode: [],
    postcodeSector: [],
    postcodeDistrict: [],
    postcodeArea: [],
    address: [],
    town: [],
    nhsNumber: [],
    pnc: [],
    cro: [],
    prisonNumber: [],
    otherId: [],
    events: {},
    attributes: {},
    extras: {},
    quality: [],
  };
}
