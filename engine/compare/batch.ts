import { distance as levenshtein } from 'fastest-levenshtein';
import { dayNumber } from '../normalise';
import type { Comparison } from './comparisons';
import type { Frame, ListColumn, TextColumn } from './frame';
import { jaroWinkler } from './jaro-winkler';
import { type Condition, ConditionError, compileCondition, oneDigitOff, PairTable } from './levels';

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

function dates(frame: Frame, name: string): Int32Array {
  const col = frame.columns[name];
  if (col?.kind !== 'int') throw new ConditionError(`${name} is not a date column`);
  return col.data;
}

function compileFilter(frame: Frame, c: Condition, sims: Similarities): LevelFilter {
  switch (c.kind) {
    case 'else':
      return (_l, _r, sel, n, out, k, ci, level) => {
        for (let q = 0; q < n; q++) out[sel[q] * k + ci] = level;
        return 0;
      };
    case 'missing': {
      const col = frame.columns[c.column];
      if (!col) throw new ConditionError(`Unknown column ${c.column}`);
      if (col.kind === 'text') return missingCode(col.codes);
      if (col.kind === 'int') return missingDate(col.data);
      return missingList(col.offsets);
    }
    case 'exact': {
      const col = frame.columns[c.column];
      if (col?.kind === 'int') return exactDate(col.data);
      return exactCode(text(frame, c.column).codes);
    }
    case 'jaroWinkler': {
      const col = text(frame, c.column);
      return atLeast(col.codes, sims.get(c.column, col.values, 'jaroWinkler', jaroWinkler), c.atLeast);
    }
    case 'levenshtein': {
      const col = text(frame, c.column);
      return atMost(col.codes, sims.get(c.column, col.values, 'levenshtein', levenshtein), c.atMost);
    }
    case 'swapped':
      return swapped(text(frame, c.column), text(frame, c.other));
    case 'listsIntersect':
      return listsIntersect(list(frame, c.column));
    case 'dayMonthSwap':
      return dayMonthSwap(dates(frame, c.column));
    case 'oneDigitOff':
      return digitOff(dates(frame, c.column));
    case 'datesWithin':
      return datesWithin(dates(frame, c.column), c.days);
    default:
      // Compositions and rare kinds: the per-pair test, in a loop of their own.
      return byTest(compileCondition(frame, c));
  }
}

function missingCode(codes: Int32Array): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      if (codes[left[p]] < 0 || codes[right[p]] < 0) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function missingDate(data: Int32Array): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      if (data[left[p]] === 0 || data[right[p]] === 0) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function missingList(offsets: Int32Array): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const i = left[p];
      const j = right[p];
      if (offsets[i + 1] === offsets[i] || offsets[j + 1] === offsets[j]) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function exactCode(codes: Int32Array): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = codes[left[p]];
      if (a >= 0 && a === codes[right[p]]) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function exactDate(data: Int32Array): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = data[left[p]];
      if (a !== 0 && a === data[right[p]]) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function atLeast(codes: Int32Array, sim: PairSimilarity, t: number): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = codes[left[p]];
      const b = codes[right[p]];
      if (a >= 0 && b >= 0 && (a === b || sim.at(p, a, b) >= t)) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function atMost(codes: Int32Array, sim: PairSimilarity, t: number): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = codes[left[p]];
      const b = codes[right[p]];
      if (a >= 0 && b >= 0 && (a === b || sim.at(p, a, b) <= t)) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

/** Each record's value of x equals the other's value of y. The columns have separate dictionaries. */
function swapped(x: TextColumn, y: TextColumn): LevelFilter {
  const xCodes = x.codes;
  const yCodes = y.codes;
  const xValues = x.values;
  const yValues = y.values;
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const i = left[p];
      const j = right[p];
      const xi = xCodes[i];
      const yj = yCodes[j];
      const xj = xCodes[j];
      const yi = yCodes[i];
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

function listsIntersect(col: ListColumn): LevelFilter {
  const { offsets, items } = col;
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const i = left[p];
      const j = right[p];
      let a = offsets[i];
      const aEnd = offsets[i + 1];
      let b = offsets[j];
      const bEnd = offsets[j + 1];
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

function dayMonthSwap(d: Int32Array): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = d[left[p]];
      const b = d[right[p]];
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

function digitOff(d: Int32Array): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = d[left[p]];
      const b = d[right[p]];
      if (a !== 0 && b !== 0 && oneDigitOff(a, b)) out[p * k + c] = level;
      else sel[m++] = p;
    }
    return m;
  };
}

function datesWithin(d: Int32Array, days: number): LevelFilter {
  return (left, right, sel, n, out, k, c, level) => {
    let m = 0;
    for (let q = 0; q < n; q++) {
      const p = sel[q];
      const a = d[left[p]];
      const b = d[right[p]];
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
  const filters = comparisons.map((c) =>
    c.levels.slice(0, -1).map((l) => compileFilter(frame, l.when, sims)),
  );
  const lastLevel = comparisons.map((c) => c.levels.length - 1);
  const k = comparisons.length;
  let sel = new Int32Array(0);
  return {
    k,
    vectorsInto(left, right, count, out) {
      if (sel.length < count) sel = new Int32Array(count);
      sims.begin(count);
      for (let c = 0; c < k; c++) {
        for (let p = 0; p < count; p++) sel[p] = p;
        let n = count;
        const levels = filters[c];
        for (let level = 0; level < levels.length && n > 0; level++)
          n = levels[level](left, right, sel, n, out, k, c, level);
        const last = lastLevel[c];
        for (let q = 0; q < n; q++) out[sel[q] * k + c] = last;
      }
    },
  };
}
