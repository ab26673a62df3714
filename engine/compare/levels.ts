import { distance as levenshtein } from 'fastest-levenshtein';
import { dayNumber } from '../normalise';
import type { Frame, IntColumn, ListColumn, TextColumn } from './frame';
import { jaroWinkler } from './jaro-winkler';

/**
 * A level's condition, as data. Conditions are evaluated on a pair of records (i, j) of a frame;
 * text conditions compare dictionary codes and cache similarities per distinct value pair.
 */
export type Condition =
  /** Either record lacks a value (the null level). */
  | { kind: 'missing'; column: string }
  | { kind: 'exact'; column: string }
  | { kind: 'jaroWinkler'; column: string; atLeast: number }
  | { kind: 'levenshtein'; column: string; atMost: number }
  /** Each record's value of `column` equals the other's value of `other` (forename/surname swapped). */
  | { kind: 'swapped'; column: string; other: string }
  /** Two list columns share an item (alias intersection, nickname group). */
  | { kind: 'listsIntersect'; column: string }
  /** One record's `column` equals an item of the other's list column `list` (middle name as first). */
  | { kind: 'inList'; column: string; list: string }
  /** yyyymmdd dates with day and month transposed. */
  | { kind: 'dayMonthSwap'; column: string }
  /** yyyymmdd dates differing in one digit, or by two adjacent digits transposed. */
  | { kind: 'oneDigitOff'; column: string }
  | { kind: 'datesWithin'; column: string; days: number }
  | { kind: 'and'; all: Condition[] }
  | { kind: 'or'; any: Condition[] }
  | { kind: 'not'; condition: Condition }
  | { kind: 'else' };

export type PairTest = (i: number, j: number) => boolean;

export class ConditionError extends Error {}

export function checkCondition(c: Condition): void {
  if (c.kind === 'jaroWinkler' && !(c.atLeast > 0 && c.atLeast <= 1))
    throw new ConditionError(`Jaro-Winkler threshold must be in (0, 1], got ${c.atLeast}`);
  if (c.kind === 'levenshtein' && !(Number.isInteger(c.atMost) && c.atMost >= 0))
    throw new ConditionError(`Levenshtein distance must be a whole number >= 0, got ${c.atMost}`);
  if (c.kind === 'datesWithin' && !(c.days >= 0)) throw new ConditionError(`Day window must be >= 0`);
  if (c.kind === 'and') c.all.forEach(checkCondition);
  if (c.kind === 'or') c.any.forEach(checkCondition);
  if (c.kind === 'not') checkCondition(c.condition);
}

/** Plain-English label of a condition, used in reports, the waterfall and the saved model. */
export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'missing':
      return `${c.column} missing`;
    case 'exact':
      return `${c.column} exact`;
    case 'jaroWinkler':
      return `${c.column} Jaro-Winkler >= ${c.atLeast}`;
    case 'levenshtein':
      return `${c.column} within ${c.atMost} edit${c.atMost === 1 ? '' : 's'}`;
    case 'swapped':
      return `${c.column} and ${c.other} swapped`;
    case 'listsIntersect':
      return `${c.column} share a value`;
    case 'inList':
      return `${c.column} found in the other's ${c.list}`;
    case 'dayMonthSwap':
      return `${c.column} day and month swapped`;
    case 'oneDigitOff':
      return `${c.column} one digit off`;
    case 'datesWithin':
      return `${c.column} within ${c.days} days`;
    case 'and':
      return c.all.map(describeCondition).join(' and ');
    case 'or':
      return c.any.map(describeCondition).join(' or ');
    case 'not':
      return `not (${describeCondition(c.condition)})`;
    case 'else':
      return 'all other';
  }
}

/** Columns a condition reads. */
export function conditionColumns(c: Condition): string[] {
  switch (c.kind) {
    case 'else':
      return [];
    case 'and':
      return c.all.flatMap(conditionColumns);
    case 'or':
      return c.any.flatMap(conditionColumns);
    case 'not':
      return conditionColumns(c.condition);
    case 'swapped':
      return [c.column, c.other];
    case 'inList':
      return [c.column, c.list];
    default:
      return [c.column];
  }
}

function text(frame: Frame, name: string): TextColumn {
  const col = frame.columns[name];
  if (col?.kind !== 'text') throw new ConditionError(`${name} is not a text column`);
  return col;
}
function int(frame: Frame, name: string): IntColumn {
  const col = frame.columns[name];
  if (col?.kind !== 'int') throw new ConditionError(`${name} is not a date column`);
  return col;
}
function list(frame: Frame, name: string): ListColumn {
  const col = frame.columns[name];
  if (col?.kind !== 'list') throw new ConditionError(`${name} is not a list column`);
  return col;
}

/**
 * Similarities of one column's value pairs, shared by every level that asks for the same
 * function on the same column, so Jaro-Winkler >= 0.92 and >= 0.8 compute once. In 'all' mode
 * every distinct value pair is kept (right for candidate pairs, whose values repeat within
 * blocks); in 'last' mode only the latest pair is (right for random pairs, which almost never
 * repeat, where a full cache would only cost memory and time).
 */
export class SimilarityCache {
  private readonly caches = new Map<string, (a: number, b: number) => number>();

  constructor(readonly mode: 'all' | 'last') {}

  similarity(column: string, values: string[], name: string, fn: (a: string, b: string) => number) {
    const key = `${name}:${column}`;
    let cached = this.caches.get(key);
    if (!cached) {
      cached = this.mode === 'all' ? keepAll(values, fn) : keepLast(values, fn);
      this.caches.set(key, cached);
    }
    return cached;
  }
}

function keepAll(values: string[], fn: (a: string, b: string) => number) {
  const table = new PairTable();
  // Codes stay far below 2^26, so the combined key is an exact integer.
  const stride = values.length + 1;
  return (a: number, b: number): number => {
    const k = a < b ? a * stride + b : b * stride + a;
    let s = table.get(k);
    if (s === undefined) {
      s = fn(values[a], values[b]);
      table.set(k, s);
    }
    return s;
  };
}

/**
 * An open-addressing hash table from integer keys to numbers in two typed arrays. Millions of
 * cached value pairs in a Map cost more in garbage collection than the similarities themselves.
 */
export class PairTable {
  private keys = new Float64Array(1 << 12).fill(-1);
  private values = new Float64Array(1 << 12);
  private entries = 0;

  /** Keys held. */
  get size(): number {
    return this.entries;
  }

  private slot(key: number): number {
    const mask = this.keys.length - 1;
    // Mix the low and high 32 bits of the key, then probe linearly.
    let h = Math.imul(key | 0, 0x9e3779b1) ^ Math.imul((key / 4294967296) | 0, 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    while (this.keys[h] !== -1 && this.keys[h] !== key) h = (h + 1) & mask;
    return h;
  }

  get(key: number): number | undefined {
    const h = this.slot(key);
    return this.keys[h] === key ? this.values[h] : undefined;
  }

  set(key: number, value: number): void {
    if ((this.entries + 1) * 2 > this.keys.length) this.grow();
    const h = this.slot(key);
    if (this.keys[h] !== key) {
      this.keys[h] = key;
      this.entries++;
    }
    this.values[h] = value;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.values = new Float64Array(keys.length * 2);
    this.entries = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.set(keys[i], values[i]);
  }
}

function keepLast(values: string[], fn: (a: string, b: string) => number) {
  let lastA = -1;
  let lastB = -1;
  let last = 0;
  return (a: number, b: number): number => {
    if (a !== lastA || b !== lastB) {
      last = fn(values[a], values[b]);
      lastA = a;
      lastB = b;
    }
    return last;
  };
}

export function compileCondition(
  frame: Frame,
  c: Condition,
  cache: SimilarityCache = new SimilarityCache('all'),
): PairTest {
  switch (c.kind) {
    case 'else':
      return () => true;
    case 'missing': {
      const col = frame.columns[c.column];
      if (!col) throw new ConditionError(`Unknown column ${c.column}`);
      // Closures capture the typed arrays themselves, not the column objects: hot loops stay monomorphic.
      if (col.kind === 'text') {
        const codes = col.codes;
        return (i, j) => codes[i] < 0 || codes[j] < 0;
      }
      if (col.kind === 'int') {
        const data = col.data;
        return (i, j) => data[i] === 0 || data[j] === 0;
      }
      const offsets = col.offsets;
      return (i, j) => offsets[i + 1] === offsets[i] || offsets[j + 1] === offsets[j];
    }
    case 'exact': {
      const col = frame.columns[c.column];
      if (col?.kind === 'int') {
        const data = col.data;
        return (i, j) => data[i] !== 0 && data[i] === data[j];
      }
      const codes = text(frame, c.column).codes;
      return (i, j) => codes[i] >= 0 && codes[i] === codes[j];
    }
    case 'jaroWinkler': {
      const col = text(frame, c.column);
      const sim = cache.similarity(c.column, col.values, 'jaroWinkler', jaroWinkler);
      const t = c.atLeast;
      const codes = col.codes;
      return (i, j) => {
        const a = codes[i];
        const b = codes[j];
        return a >= 0 && b >= 0 && (a === b || sim(a, b) >= t);
      };
    }
    case 'levenshtein': {
      const col = text(frame, c.column);
      const sim = cache.similarity(c.column, col.values, 'levenshtein', levenshtein);
      const t = c.atMost;
      const codes = col.codes;
      return (i, j) => {
        const a = codes[i];
        const b = codes[j];
        return a >= 0 && b >= 0 && (a === b || sim(a, b) <= t);
      };
    }
    case 'swapped': {
      const x = text(frame, c.column);
      const y = text(frame, c.other);
      // The two columns have separate dictionaries: compare through the strings, cached by code pair.
      const same = (xCode: number, yCode: number) =>
        xCode >= 0 && yCode >= 0 && x.values[xCode] === y.values[yCode];
      return (i, j) => same(x.codes[i], y.codes[j]) && same(x.codes[j], y.codes[i]);
    }
    case 'listsIntersect': {
      const col = list(frame, c.column);
      return (i, j) => sortedIntersect(col, i, j);
    }
    case 'inList': {
      const single = text(frame, c.column);
      const many = list(frame, c.list);
      const has = (codeOwner: number, listOwner: number) => {
        const code = single.codes[codeOwner];
        if (code < 0) return false;
        const v = single.values[code];
        for (let k = many.offsets[listOwner]; k < many.offsets[listOwner + 1]; k++)
          if (many.values[many.items[k]] === v) return true;
        return false;
      };
      return (i, j) => has(i, j) || has(j, i);
    }
    case 'dayMonthSwap': {
      const d = int(frame, c.column).data;
      return (i, j) => {
        const a = d[i];
        const b = d[j];
        if (a === 0 || b === 0 || a === b) return false;
        const ya = (a / 10000) | 0;
        const yb = (b / 10000) | 0;
        const ma = ((a / 100) | 0) % 100;
        const mb = ((b / 100) | 0) % 100;
        return ya === yb && ma === b % 100 && mb === a % 100;
      };
    }
    case 'oneDigitOff': {
      const d = int(frame, c.column).data;
      return (i, j) => d[i] !== 0 && d[j] !== 0 && oneDigitOff(d[i], d[j]);
    }
    case 'datesWithin': {
      const d = int(frame, c.column).data;
      const days = c.days;
      return (i, j) => d[i] !== 0 && d[j] !== 0 && Math.abs(dayNumber(d[i]) - dayNumber(d[j])) <= days;
    }
    case 'and': {
      const tests = c.all.map((x) => compileCondition(frame, x, cache));
      return (i, j) => tests.every((t) => t(i, j));
    }
    case 'or': {
      const tests = c.any.map((x) => compileCondition(frame, x, cache));
      return (i, j) => tests.some((t) => t(i, j));
    }
    case 'not': {
      const t = compileCondition(frame, c.condition, cache);
      return (i, j) => !t(i, j);
    }
  }
}

function sortedIntersect(col: ListColumn, i: number, j: number): boolean {
  let a = col.offsets[i];
  const aEnd = col.offsets[i + 1];
  let b = col.offsets[j];
  const bEnd = col.offsets[j + 1];
  while (a < aEnd && b < bEnd) {
    const x = col.items[a];
    const y = col.items[b];
    if (x === y) return true;
    if (x < y) a++;
    else b++;
  }
  return false;
}

/**
 * Eight-digit yyyymmdd values that differ in exactly one digit, or by one adjacent transposition.
 * Digit by digit from the right, without arrays: it runs for millions of candidate pairs.
 */
export function oneDigitOff(a: number, b: number): boolean {
  if (a === b) return false;
  let differing = 0;
  let first = -1;
  let firstA = 0;
  let firstB = 0;
  let second = -1;
  let secondA = 0;
  let secondB = 0;
  for (let k = 0; k < 8; k++) {
    const x = a % 10;
    const y = b % 10;
    if (x !== y) {
      differing++;
      if (differing === 1) {
        first = k;
        firstA = x;
        firstB = y;
      } else if (differing === 2) {
        second = k;
        secondA = x;
        secondB = y;
      } else return false;
    }
    a = (a / 10) | 0;
    b = (b / 10) | 0;
  }
  if (differing === 1) return true;
  return differing === 2 && second === first + 1 && firstA === secondB && secondA === firstB;
}
