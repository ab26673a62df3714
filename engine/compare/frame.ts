import { nicknameGroupsOf } from '../normalise';
import type { NormalisedTable } from '../normalise/types';

/**
 * The frame is what comparison and blocking work on: one or two normalised tables stacked
 * (left rows first), with every text column dictionary-encoded over both sides, so that equal
 * values have equal integer codes and a similarity is computed once per distinct value pair.
 */
export type LinkType = 'link' | 'dedupe';

export interface TextColumn {
  kind: 'text';
  /** Code per record, -1 when missing. */
  codes: Int32Array;
  /** Distinct values; codes index into it. */
  values: string[];
  /** How many records carry each value (for term-frequency adjustment). */
  counts: Int32Array;
  /** Records with a value. */
  present: number;
  /**
   * Value to code, kept for `extendFrame` and shared with every frame extended from this one:
   * trust an entry only when `values[code] === value` (a later frame may have added its own).
   */
  lookup?: Map<string, number>;
}

export interface IntColumn {
  kind: 'int';
  /** 0 when missing. Dates are yyyymmdd. */
  data: Int32Array;
}

export interface ListColumn {
  kind: 'list';
  /** Items of record i are items[offsets[i] .. offsets[i+1]), each a code into values, sorted. */
  offsets: Int32Array;
  items: Int32Array;
  values: string[];
  /** As for TextColumn. */
  lookup?: Map<string, number>;
}

export type FrameColumn = TextColumn | IntColumn | ListColumn;

export interface Frame {
  linkType: LinkType;
  n: number;
  /** Records [0, nLeft) come from the left (or only) table, [nLeft, n) from the right. */
  nLeft: number;
  ids: string[];
  files: string[];
  columns: Record<string, FrameColumn>;
}

export const TEXT_COLUMNS = [
  'forename',
  'middleNames',
  'surname',
  'forenameKey',
  'surnameKey',
  'sex',
  'postcode',
  'postcodeSector',
  'postcodeDistrict',
  'postcodeArea',
  'address',
  'town',
  'nhsNumber',
  'pnc',
  'cro',
  'prisonNumber',
  'otherId',
] as const satisfies readonly (keyof NormalisedTable)[];

export const LIST_COLUMNS = [
  'forenamesAll',
  'surnamesAll',
] as const satisfies readonly (keyof NormalisedTable)[];

/** What a frame is built from: the columns it encodes, of one table. */
export type FrameInput = Pick<
  NormalisedTable,
  (typeof TEXT_COLUMNS)[number] | (typeof LIST_COLUMNS)[number] | 'dob' | 'ids' | 'file' | 'n'
>;

/**
 * Some records of a table (in that order), with only the columns a frame encodes: a lookup
 * scores a page's rows against a few thousand candidates, whose attributes and events it never
 * reads.
 */
export function frameInputOf(table: FrameInput, rows: readonly number[]): FrameInput {
  const pick = <T>(column: readonly T[]) => rows.map((r) => column[r]);
  const out = {
    file: table.file,
    n: rows.length,
    ids: pick(table.ids),
    dob: Int32Array.from(rows, (r) => table.dob[r]),
  } as FrameInput;
  for (const name of TEXT_COLUMNS) out[name] = pick(table[name]);
  for (const name of LIST_COLUMNS) out[name] = pick(table[name]);
  return out;
}

export function buildFrame(tables: readonly FrameInput[]): Frame {
  if (tables.length < 1 || tables.length > 2) throw new Error('A frame is built from one or two tables');
  const n = tables.reduce((s, t) => s + t.n, 0);
  const columns: Record<string, FrameColumn> = {};
  for (const name of TEXT_COLUMNS) columns[name] = encodeText(tables.map((t) => t[name]));
  const dob = new Int32Array(n);
  let offset = 0;
  for (const t of tables) {
    dob.set(t.dob, offset);
    offset += t.n;
  }
  columns.dob = { kind: 'int', data: dob };
  for (const name of LIST_COLUMNS) columns[name] = encodeList(tables.map((t) => t[name]));
  columns.nicknames = encodeNicknames(columns.forename as TextColumn);
  return {
    linkType: tables.length === 2 ? 'link' : 'dedupe',
    n,
    nLeft: tables[0].n,
    ids: tables.flatMap((t) => t.ids),
    files: tables.map((t) => t.file),
    columns,
  };
}

function encodeText(parts: readonly (readonly (string | null)[])[]): TextColumn {
  const dict = new Map<string, number>();
  const values: string[] = [];
  const n = parts.reduce((s, p) => s + p.length, 0);
  const codes = new Int32Array(n);
  let counts = new Int32Array(1024);
  let present = 0;
  let k = 0;
  for (const part of parts) {
    for (const v of part) {
      if (v === null || v === '') {
        codes[k++] = -1;
        continue;
      }
      let code = dict.get(v);
      if (code === undefined) {
        code = values.length;
        dict.set(v, code);
        values.push(v);
        if (code >= counts.length) {
          const grown = new Int32Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
      }
      counts[code]++;
      present++;
      codes[k++] = code;
    }
  }
  return { kind: 'text', codes, values, counts: counts.slice(0, values.length), present, lookup: dict };
}

function encodeList(parts: readonly (readonly string[][])[]): ListColumn {
  const dict = new Map<string, number>();
  const values: string[] = [];
  const n = parts.reduce((s, p) => s + p.length, 0);
  const offsets = new Int32Array(n + 1);
  // Items go straight into a typed array that grows, and each record's codes are gathered in one
  // reused scratch array: a million records would otherwise make a million small arrays.
  let items = new Int32Array(Math.max(16, n * 2));
  const codes: number[] = [];
  let k = 0;
  let at = 0;
  for (const part of parts) {
    for (const list of part) {
      codes.length = 0;
      for (const v of list) {
        let code = dict.get(v);
        if (code === undefined) {
          code = values.length;
          dict.set(v, code);
          values.push(v);
        }
        if (!codes.includes(code)) codes.push(code);
      }
      if (codes.length > 1) codes.sort((a, b) => a - b);
      if (at + codes.length > items.length) {
        const grown = new Int32Array(Math.max(items.length * 2, at + codes.length));
        grown.set(items);
        items = grown;
      }
      for (const c of codes) items[at++] = c;
      offsets[++k] = at;
    }
  }
  return { kind: 'list', offsets, items: items.slice(0, at), values, lookup: dict };
}

/** The nickname groups of each record's first forename, as a list column of group numbers. */
export function encodeNicknames(forename: TextColumn): ListColumn {
  const groupsPerValue = forename.values.map((v) => nicknameGroupsOf(v));
  const n = forename.codes.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const code = forename.codes[i];
    offsets[i + 1] = offsets[i] + (code >= 0 ? groupsPerValue[code].length : 0);
  }
  const items = new Int32Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    const code = forename.codes[i];
    if (code >= 0) items.set(groupsPerValue[code], offsets[i]);
  }
  const seen = new Set<number>();
  for (const gs of groupsPerValue) for (const g of gs) seen.add(g);
  const values: string[] = [];
  for (const g of seen) values[g] = String(g);
  return { kind: 'list', offsets, items, values };
}

/** The share of records with a value in the column, per side (one entry for a dedupe, two for a link). */
export function columnCoverage(frame: Frame, name: string): number[] {
  const col = frame.columns[name];
  const sides: [number, number][] =
    frame.linkType === 'link'
      ? [
          [0, frame.nLeft],
          [frame.nLeft, frame.n],
        ]
      : [[0, frame.n]];
  return sides.map(([from, to]) => {
    if (to === from) return 0;
    let present = 0;
    for (let i = from; i < to; i++) if (hasValue(col, i)) present++;
    return present / (to - from);
  });
}

export function hasValue(col: FrameColumn, i: number): boolean {
  switch (col.kind) {
    case 'text':
      return col.codes[i] >= 0;
    case 'int':
      return col.data[i] !== 0;
    case 'list':
      return col.offsets[i + 1] > col.offsets[i];
  }
}
