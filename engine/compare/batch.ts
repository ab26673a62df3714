import { distance as levenshtein } from 'fastest-levenshtein';
import { dayNumber } from '../normalise';
import type { Comparison } from './comparisons';
import type { Frame, ListColumn, TextColumn } from './frame';
import { jaroWinkler } from './jaro-winkler';
import {
  type Condition,
  ConditionError,
  compileCondition,
  conditionColumns,
  oneDigitOff,
  PairTable,
} from './levels';

/**
 * Comparison vectors a column at a time, as a vectorised database evaluates a CASE expression:
 * for each comparison, every level's condition runs as one tight loop over the pairs no earlier
 * level took (a selection vector), writes its level for the pairs it holds on, and passes the
 * rest on. Each loop reads a few typed arrays and calls nothing per pair but a similarity, so the
 * engine compiles it for the one condition it serves; the per-pair closures of `compileCondition`
 * (one call per level per pair through a shared, megamorphic call site) cost twice as much.
 * Levels are tried in order and a pair takes the first that holds, exactly as
 * `compileComparison` assigns it (tested on synthetic data).
 */

/**
 * One level's condition over a batch: for the pairs p = sel[0..n) (positions in left/right), writes
 * `level` into out[p * k + c] where the condition holds, moves the others to the front of `sel`
 * in order, and returns how many there are.
 */
type LevelFilter = (
  left: Int32Array,
  right: Int32Array,
  sel: Int32Array,
  n: number,
  out: Uint8Array,
  k: number,
  c: number,
  level: number,
) => number;

/** A cached value pair table that hits less often than this, after PROBE lookups, is dropped. */
const MIN_HIT_RATE = 0.5;
const PROBE = 1 << 16;
/** Beyond this many entries a table stops growing: past the processor's caches a lookup costs more than a name's Jaro-Winkler. */
const MAX_ENTRIES = 1 << 17;

/**
 * The similarity of two distinct values of one column (Jaro-Winkler, Levenshtein), shared by the
 * levels that ask for it. Two caches: the value of each pair position in the current batch, so
 * that "Jaro-Winkler >= 0.92" and ">= 0.8" compute once per pair; and, while it pays, a table of
 * every distinct value pair. Candidate pairs repeat name pairs within blocks (the table hits most
 * of the time), but addresses and postcodes barely repeat: a lookup in a table of millions of
 * entries then costs more than the similarity, so after PROBE lookups a table that hits less than
 * half the time is dropped. Either way the value is the same; only the time differs.
 */
class PairSimilarity {
  private table: PairTable | null;
  private lookups = 0;
  private hits = 0;
  private readonly stride: number;
  private stamp = new Int32Array(0);
  private memo = new Float64Array(0);
  private batch = 0;

  constructor(
    private readonly values: string[],
    private readonly fn: (a: string, b: string) => number,
    cacheValuePairs: boolean,
  ) {
    this.table = cacheValuePairs ? new PairTable() : null;
    // Codes stay far below 2^26, so the combined key is an exact integer.
    this.stride = values.length + 1;
  }

  /** Starts a batch of `count` pair positions. */
  begin(count: number): void {
    if (this.stamp.length < count) {
      this.stamp = new Int32Array(count);
      this.memo = new Float64Array(count);
      this.batch = 0;
    }
    this.batch++;
  }

  /** Similarity of codes a !== b, both >= 0, at pair position p of the batch. */
  at(p: number, a: number, b: number): number {
    if (this.stamp[p] === this.batch) return this.memo[p];
    const s = this.of(a, b);
    this.stamp[p] = this.batch;
    this.memo[p] = s;
    return s;
  }

  private of(a: number, b: number): number {
    const table = this.table;
    if (table === null) return this.fn(this.values[a], this.values[b]);
    const key = a < b ? a * this.stride + b : b * this.stride + a;
    let s = table.get(key);
    if (s === undefined) {
      s = this.fn(this.values[a], this.values[b]);
      if (table.size < MAX_ENTRIES) table.set(key, s);
    } else this.hits++;
    if (++this.lookups === PROBE && this.hits < PROBE * MIN_HIT_RATE) this.table = null;
    return s;
  }
}

class Similarities {
  private readonly byKey = new Map<string, PairSimilarity>();

  constructor(private readonly cacheValuePairs: boolean) {}

  get(column: string, values: string[], name: string, fn: (a: string, b: string) => number) {
    const key = `${name}:${column}`;
    let found = this.byKey.get(key);
    if (!found) {
      found = new PairSimilarity(values, fn, this.cacheValuePairs);
      this.byKey.set(key, found);
    }
    return found;
  }

  begin(count: number): void {
    for (const s of this.byKey.values()) s.begin(count);
  }
}

function text(frame: Frame, name: string): TextColumn {
  const col = frame.columns[name];
  if (col?.kind !== 'text') throw new ConditionError(`${name} is not a text column`);
  return col;
}

function list(frame: Frame, name: string): ListColumn {
  const col = frame.columns[name];
  if (col?.kind !== 'list') throw new ConditionError(`${name} is not a list column`);
  return col;
}

function dates(frame: Frame, name: string): void {
  const col = frame.columns[name];
  if (col?.kind !== 'int') throw new ConditionError(`${name} is not a date column`);
}

/**
 * Where a record's integer for a column is: data[record * stride + at]. The integer is a text
 * column's code, an int column's value, or a list column's start offset (its end is at + 1).
 */
interface Slot {
  data: Int32Array;
  stride: number;
  at: number;
}

/**
 * How the filters read the columns. `columnar`: each column's own array (stride 1). `rows`: one
 * row-major matrix with a record's integers side by side, so that a pair reads two or three cache
 * lines instead of two per column. At a million records the columns are far bigger than the
 * processor's caches and every pair's records are somewhere else in them: comparing in rows took
 * half the time there (measured in docs/design.md, "At scale").
 */
type Layout = (column: string) => Slot;

function columnar(frame: Frame): Layout {
  return (name) => {
    const col = frame.columns[name];
    if (!col) throw new ConditionError(`Unknown column ${name}`);
    const data = col.kind === 'text' ? col.codes : col.kind === 'int' ? col.data : col.offsets;
    return { data, stride: 1, at: 0 };
  };
}

function rows(frame: Frame, names: readonly string[]): Layout {
  const at = new Map<string, number>();
  // Each slot's source: a column's codes or values, or a list column's offsets (two slots).
  const sources: Int32Array[] = [];
  const shifts: number[] = [];
  for (const name of names) {
    const col = frame.columns[name];
    if (!col || at.has(name)) continue;
    at.set(name, sources.length);
    if (col.kind === 'list') {
      sources.push(col.offsets, col.offsets);
      shifts.push(0, 1);
    } else {
      sources.push(col.kind === 'text' ? col.codes : col.data);
      shifts.push(0);
    }
  }
  const width = sources.length;
  const data = new Int32Array(frame.n * width);
  // Record by record, so that the matrix is written in order.
  for (let i = 0, o = 0; i < frame.n; i++)
    for (let s = 0; s < width; s++, o++) data[o] = sources[s][i + shifts[s]];
  return (name) => {
    const slot = at.get(name);
    if (slot === undefined) return columnar(frame)(name);
    return { data, stride: width, at: slot };
  };
}

function compileFilter(frame: Frame, c: Condition, sims: Similarities, layout: Layout): LevelFilter {
  switch (c.kind) {
    case 'else':
      return (_l, _r, sel, n, out, k, ci, level) => {
        for (let q = 0; q < n; q++) out[sel[q] * k + ci] = level;
        return 0;
      };
    case 'missing': {
      const col = frame.columns[c.column];
      if (!col) throw new ConditionError(`Unknown column ${c.column}`);
      if (col.kind === 'text') return missingCode(layout(c.column));
      if (col.kind === 'int') return missingDate(layout(c.column));
      return missingList(layout(c.column));
    }
    case 'exact': {
      const col = frame.columns[c.column];
      if (col?.kind === 'int') return exactDate(layout(c.column));
      text(frame, c.column);
      return exactCode(layout(c.column));
    }
    case 'jaroWinkler': {
      const col = text(frame, c.column);
      const sim = sims.get(c.column, col.values, 'jaroWinkler', jaroWinkler);
      return atLeast(layout(c.column), sim, c.atLeast);
    }
    case 'levenshtein': {
      const col = text(frame, c.column);
      const sim = sims.get(c.column, col.values, 'levenshtein', levenshtein);
      return atMost(layout(c.column), sim, c.atMost);
    }
    case 'swapped':
      return swapped(
        layout(c.column),
        layout(c.other),
        text(frame, c.column).values,
        text(frame, c.other).values,
      );
    case 'listsIntersect':
      return listsIntersect(layout(c.column), list(frame, c.column).items);
    case 'dayMonthSwap':
      dates(frame, c.column);
      return dayMonthSwap(layout(c.column));
    case 'oneDigitOff':
      dates(frame, c.column);
      return digitOff(layout(c.column));
    case 'datesWithin':
      dates(frame, c.column);
      return datesWithin(layout(c.column), c.days);
    default:
      // Compositions and rare kinds: the per-pair test, in a loop of their own.
      return byTest(compileCondition(frame, c));
  }
}

function missingCode({ data, stride, at }: Slot): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      if (data[left[p] * stride + at] < 0 || data[right[p] * stride + at] < 0) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function missingDate({ data, stride, at }: Slot): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      if (data[left[p] * stride + at] === 0 || data[right[p] * stride + at] === 0) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function missingList({ data, stride, at }: Slot): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const i = left[p] * stride + at;
      const j = right[p] * stride + at;
      if (data[i + 1] === data[i] || data[j + 1] === data[j]) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function exactCode({ data, stride, at }: Slot): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = data[left[p] * stride + at];
      if (a >= 0 && a === data[right[p] * stride + at]) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function exactDate({ data, stride, at }: Slot): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = data[left[p] * stride + at];
      if (a !== 0 && a === data[right[p] * stride + at]) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function atLeast({ data, stride, at }: Slot, sim: PairSimilarity, t: number): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = data[left[p] * stride + at];
      const b = data[right[p] * stride + at];
      if (a >= 0 && b >= 0 && (a === b || sim.at(p, a, b) >= t)) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function atMost({ data, stride, at }: Slot, sim: PairSimilarity, t: number): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = data[left[p] * stride + at];
      const b = data[right[p] * stride + at];
      if (a >= 0 && b >= 0 && (a === b || sim.at(p, a, b) <= t)) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

/** Each record's value of x equals the other's value of y. The columns have separate dictionaries. */
function swapped(x: Slot, y: Slot, xValues: string[], yValues: string[]): LevelFilter {
  const { data: xData, stride: xStride, at: xAt } = x;
  const { data: yData, stride: yStride, at: yAt } = y;
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const i = left[p];
      const j = right[p];
      const xi = xData[i * xStride + xAt];
      const yj = yData[j * yStride + yAt];
      const xj = xData[j * xStride + xAt];
      const yi = yData[i * yStride + yAt];
      if (
        xi >= 0 &&
        yj >= 0 &&
        xj >= 0 &&
        yi >= 0 &&
        xValues[xi] === yValues[yj] &&
        xValues[xj] === yValues[yi]
      )
        out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function listsIntersect({ data, stride, at }: Slot, items: Int32Array): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const i = left[p] * stride + at;
      const j = right[p] * stride + at;
      let a = data[i];
      const aEnd = data[i + 1];
      let b = data[j];
      const bEnd = data[j + 1];
      let found = false;
      while (a < aEnd && b < bEnd) {
        const x = items[a];
        const y = items[b];
        if (x === y) {
          found = true;
          break;
        }
        if (x < y) a++;
        else b++;
      }
      if (found) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function dayMonthSwap({ data, stride, at }: Slot): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = data[left[p] * stride + at];
      const b = data[right[p] * stride + at];
      let holds = false;
      if (a !== 0 && b !== 0 && a !== b) {
        const ya = (a / 10000) | 0;
        const yb = (b / 10000) | 0;
        const ma = ((a / 100) | 0) % 100;
        const mb = ((b / 100) | 0) % 100;
        holds = ya === yb && ma === b % 100 && mb === a % 100;
      }
      if (holds) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function digitOff({ data, stride, at }: Slot): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = data[left[p] * stride + at];
      const b = data[right[p] * stride + at];
      if (a !== 0 && b !== 0 && oneDigitOff(a, b)) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function datesWithin({ data, stride, at }: Slot, days: number): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = data[left[p] * stride + at];
      const b = data[right[p] * stride + at];
      if (a !== 0 && b !== 0 && Math.abs(dayNumber(a) - dayNumber(b)) <= days) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function byTest(test: (i: number, j: number) => boolean): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      if (test(left[p], right[p])) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

/**
 * Batches of at least this many pairs are compared in rows (see `rows`), once the comparer has
 * been given pairs for at least half as many as there are records: copying every record into the
 * matrix pays only over many pairs (a weekly list's 26,000 pairs against 200,000 records were
 * slower in rows than in columns); smaller batches, and the first ones, in columns.
 */
const ROWS_FROM = 1 << 14;
/** Pairs taken through all comparisons together (DuckDB's vectors are 2,048 rows too). */
const VECTOR = 2048;

/** Comparison vectors of batches of pairs, K bytes a pair, row-major. */
export interface BatchComparer {
  k: number;
  vectorsInto(left: Int32Array, right: Int32Array, count: number, out: Uint8Array): void;
}

/**
 * Compiles comparisons for batches. With `cacheValuePairs` similarities are kept per distinct
 * value pair while that pays (candidate pairs); without, only per pair position (random pairs).
 */
export function compileBatch(
  frame: Frame,
  comparisons: readonly Comparison[],
  cacheValuePairs: boolean,
): BatchComparer {
  const sims = new Similarities(cacheValuePairs);
  // The last level takes every pair left over, whatever its condition (it is "all other").
  const compile = (layout: Layout) =>
    comparisons.map((c) => c.levels.slice(0, -1).map((l) => compileFilter(frame, l.when, sims, layout)));
  const byColumns = compile(columnar(frame));
  // Built on the first large batch: a lookup of a few pairs should not copy every record.
  let byRows: LevelFilter[][] | null = null;
  const lastLevel = comparisons.map((c) => c.levels.length - 1);
  const k = comparisons.length;
  let sel = new Int32Array(0);
  let given = 0;
  return {
    k,
    vectorsInto(left, right, count, out) {
      if (sel.length < count) sel = new Int32Array(count);
      let filters = byColumns;
      given += count;
      if (count >= ROWS_FROM && given * 2 >= frame.n) {
        byRows ??= compile(
          rows(
            frame,
            comparisons.flatMap((c) => c.levels.flatMap((l) => conditionColumns(l.when))),
          ),
        );
        filters = byRows;
      }
      sims.begin(count);
      // A vector of pairs at a time through every comparison and level, so that the pairs'
      // records (and, in rows, all their values) are still in cache for the next level.
      for (let from = 0; from < count; from += VECTOR) {
        const to = Math.min(count, from + VECTOR);
        for (let c = 0; c < k; c++) {
          let n = 0;
          for (let p = from; p < to; p++) sel[n++] = p;
          const levels = filters[c];
          for (let level = 0; level < levels.length && n > 0; level++)
            n = levels[level](left, right, sel, n, out, k, c, level);
          const last = lastLevel[c];
          for (let q = 0; q < n; q++) out[sel[q] * k + c] = last;
        }
      }
    },
  };
}
