import { type Frame, hasValue } from '../compare';

/**
 * A blocking key part: a column name, optionally with a transform after a colon:
 * `surname:2` (first two characters), `dob:year`, `dob:month-day`.
 */
export type KeyPart = string;

export class BlockingRuleError extends Error {}

/**
 * Keys already computed for a frame, by their parts. Choosing the default rules, blocking and
 * training each ask for the same rules' keys, and rules share parts (`dob`, `forename:1`): at a
 * million records each costs a pass over every record. Frames are never changed once built, and
 * the entries go with their frame.
 */
const computed = new WeakMap<Frame, Map<string, Int32Array>>();

/**
 * Dense integer key per record for a list of parts, -1 where any part is missing. Equal keys
 * mean the records agree on every part. The array is shared with later callers: read it only.
 */
export function computeKeys(frame: Frame, parts: readonly KeyPart[]): Int32Array {
  if (parts.length === 0) throw new BlockingRuleError('A blocking rule needs at least one column');
  let byParts = computed.get(frame);
  if (!byParts) {
    byParts = new Map();
    computed.set(frame, byParts);
  }
  const name = parts.join(' & ');
  let keys = byParts.get(name);
  if (keys) return keys;
  keys =
    parts.length === 1
      ? partCodes(frame, parts[0])
      : combine(computeKeys(frame, parts.slice(0, -1)), computeKeys(frame, parts.slice(-1)));
  byParts.set(name, keys);
  return keys;
}

function partCodes(frame: Frame, part: KeyPart): Int32Array {
  const [name, transform] = part.split(':');
  const col = frame.columns[name];
  if (!col) throw new BlockingRuleError(`Blocking rule names an unknown column: ${name}`);
  const out = new Int32Array(frame.n);
  if (col.kind === 'text' && transform === undefined) {
    out.set(col.codes);
    return out;
  }
  if (col.kind === 'text') {
    const length = prefixLength(part) as number;
    const prefixCode = col.values.map(() => -1);
    const dict = new Map<string, number>();
    col.values.forEach((v, code) => {
      const p = v.slice(0, length);
      let c = dict.get(p);
      if (c === undefined) {
        c = dict.size;
        dict.set(p, c);
      }
      prefixCode[code] = c;
    });
    for (let i = 0; i < frame.n; i++) out[i] = col.codes[i] < 0 ? -1 : prefixCode[col.codes[i]];
    return out;
  }
  if (col.kind === 'int') {
    const f = intTransform(part);
    for (let i = 0; i < frame.n; i++) out[i] = hasValue(col, i) ? f(col.data[i]) : -1;
    return densify(out);
  }
  throw new BlockingRuleError(`Blocking on the list column ${name} is not supported`);
}

/** The length of a text part's prefix (`surname:2`), or undefined for the whole value. */
export function prefixLength(part: KeyPart): number | undefined {
  const transform = part.split(':')[1];
  if (transform === undefined) return undefined;
  const length = Number(transform);
  if (!Number.isInteger(length) || length < 1)
    throw new BlockingRuleError(
      `"${part}": after the colon give a prefix length such as ${part.split(':')[0]}:2`,
    );
  return length;
}

/** What an integer (date) part keys on: the value, its year or its month and day. */
export function intTransform(part: KeyPart): (v: number) => number {
  const transform = part.split(':')[1];
  if (transform === undefined) return (v) => v;
  if (transform === 'year') return (v) => (v / 10000) | 0;
  if (transform === 'month-day') return (v) => v % 10000;
  throw new BlockingRuleError(`"${part}": a date column takes :year or :month-day`);
}

/**
 * Up to this many possible keys, renumbering goes through a direct table, indexed by the raw key,
 * as long as the table is not much larger than the records (filling a table of millions of
 * entries for a few thousand records cost more than the renumbering); otherwise through an
 * open-addressing hash in typed arrays. Keys are computed for every record of every rule on every
 * full run (an increment blocks without them, fresh.ts); a Map cost ten times more.
 */
const DENSE_TABLE_LIMIT = 1 << 22;

/** Renumbers non-negative keys to 0..k-1 so later combinations stay small. */
function densify(keys: Int32Array): Int32Array {
  let max = -1;
  for (let i = 0; i < keys.length; i++) if (keys[i] > max) max = keys[i];
  renumber(keys, (i) => keys[i], max + 1, keys);
  return keys;
}

function combine(a: Int32Array, b: Int32Array): Int32Array {
  let maxA = 0;
  let maxB = 0;
  for (let i = 0; i < b.length; i++) {
    if (a[i] > maxA) maxA = a[i];
    if (b[i] > maxB) maxB = b[i];
  }
  const stride = maxB + 1;
  const out = new Int32Array(a.length);
  renumber(a, (i) => (a[i] < 0 || b[i] < 0 ? -1 : a[i] * stride + b[i]), (maxA + 1) * stride, out);
  return out;
}

/**
 * Writes to `out` the dense number (0, 1, 2, ... in order of first appearance) of each record's
 * raw key, -1 staying -1; `size` bounds the raw keys (below 2^53). `out` may be the array the keys
 * come from.
 */
function renumber(rows: Int32Array, rawKey: (i: number) => number, size: number, out: Int32Array): void {
  let next = 0;
  if (size <= DENSE_TABLE_LIMIT && size <= 4 * rows.length + 4096) {
    const table = new Int32Array(size).fill(-1);
    for (let i = 0; i < rows.length; i++) {
      const k = rawKey(i);
      if (k < 0) {
        out[i] = -1;
        continue;
      }
      if (table[k] < 0) table[k] = next++;
      out[i] = table[k];
    }
    return;
  }
  // At most one distinct key per record: a table of twice that many slots is at most half full.
  let capacity = 1024;
  while (capacity < 2 * rows.length) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity).fill(-1);
  const numbers = new Int32Array(capacity);
  for (let i = 0; i < rows.length; i++) {
    const k = rawKey(i);
    if (k < 0) {
      out[i] = -1;
      continue;
    }
    let h = Math.imul(k | 0, 0x9e3779b1) ^ Math.imul((k / 4294967296) | 0, 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    while (keys[h] !== -1 && keys[h] !== k) h = (h + 1) & mask;
    if (keys[h] === -1) {
      keys[h] = k;
      numbers[h] = next++;
    }
    out[i] = numbers[h];
  }
}
