import { type Frame, hasValue } from '../compare';
import { BlockingRuleError, intTransform, type KeyPart, prefixLength } from './keys';
import { type BlockingRule, type CandidatePairs, PairCapError, type RuleCount, ruleName } from './pairs';

/**
 * Incremental blocking: the pairs a full run of `blockPairs` would make that involve at least one
 * record flagged in `fresh`, found without keying every record. A weekly list of 500 against
 * 200,000 records used to cost a dense key per record per rule and a grouping pass (about a
 * second); here each rule is one scan that tests each record's values against the few the fresh
 * records hold, and only the records that pass are keyed. Old pairs plus these equal a full
 * run with the same rules (tested), in which a pair belongs to the first rule that makes it.
 */
export function blockFreshPairs(
  frame: Frame,
  rules: readonly BlockingRule[],
  fresh: Uint8Array,
  options: { maxPairsPerRule?: number } = {},
): CandidatePairs {
  const cap = options.maxPairsPerRule ?? 20_000_000;
  const freshRows: number[] = [];
  for (let i = 0; i < frame.n; i++) if (fresh[i]) freshRows.push(i);
  // A part's values are read once per call and shared by the rules that use it (`dob` by several).
  const byName = new Map<KeyPart, Int32Array>();
  const valuesOf = (part: KeyPart) => {
    let values = byName.get(part);
    if (!values) {
      values = partValues(frame, part);
      byName.set(part, values);
    }
    return values;
  };
  const readers = rules.map((r) => r.on.map(valuesOf));
  const groupsByRule = readers.map((parts) => groupsWithFresh(frame, parts, freshRows, fresh));

  const estimates = groupsByRule.map((groups) =>
    groups.reduce((s, g) => s + freshPairCount(frame, g, fresh), 0),
  );
  estimates.forEach((e, r) => {
    if (e > cap) throw new PairCapError(ruleName(rules[r]), e, cap);
  });

  const capacity = Math.max(
    16,
    estimates.reduce((a, b) => a + b, 0),
  );
  const left = new Int32Array(capacity);
  const right = new Int32Array(capacity);
  const rule = new Uint8Array(capacity);
  let count = 0;
  const counts: RuleCount[] = [];
  for (let r = 0; r < rules.length; r++) {
    const before = count;
    const push = (i: number, j: number) => {
      if (!fresh[i] && !fresh[j]) return;
      for (let e = 0; e < r; e++) if (agree(readers[e], i, j)) return;
      left[count] = i;
      right[count] = j;
      rule[count] = r;
      count++;
    };
    for (const rows of groupsByRule[r]) {
      if (frame.linkType === 'link') {
        const split = rows.findIndex((i) => i >= frame.nLeft);
        if (split <= 0) continue;
        for (let a = 0; a < split; a++) for (let b = split; b < rows.length; b++) push(rows[a], rows[b]);
      } else {
        for (let a = 0; a < rows.length; a++)
          for (let b = a + 1; b < rows.length; b++) push(rows[a], rows[b]);
      }
    }
    counts.push({ rule: ruleName(rules[r]), estimated: estimates[r], actual: count - before });
  }
  return { left, right, rule, count, rules: counts };
}

/**
 * A part of a blocking key as a non-negative number per record, -1 when missing: records agree on
 * the part when their numbers are equal. Whole text values are their codes (no copy); a prefix is
 * numbered through the dictionary, once per distinct value; a date part is its transform.
 */
function partValues(frame: Frame, part: KeyPart): Int32Array {
  const name = part.split(':')[0];
  const col = frame.columns[name];
  if (col?.kind === 'text') {
    const length = prefixLength(part);
    if (length === undefined) return col.codes;
    const prefixOf = new Int32Array(col.values.length);
    const prefixes = new Map<string, number>();
    for (let c = 0; c < col.values.length; c++) {
      const prefix = col.values[c].slice(0, length);
      let id = prefixes.get(prefix);
      if (id === undefined) {
        id = prefixes.size;
        prefixes.set(prefix, id);
      }
      prefixOf[c] = id;
    }
    const out = new Int32Array(frame.n);
    for (let i = 0; i < frame.n; i++) out[i] = col.codes[i] < 0 ? -1 : prefixOf[col.codes[i]];
    return out;
  }
  if (col?.kind === 'int') {
    const f = intTransform(part);
    const out = new Int32Array(frame.n);
    for (let i = 0; i < frame.n; i++) out[i] = hasValue(col, i) ? f(col.data[i]) : -1;
    return out;
  }
  if (!col) throw new BlockingRuleError(`Blocking rule names an unknown column: ${name}`);
  throw new BlockingRuleError(`Blocking on the list column ${name} is not supported`);
}

function agree(parts: readonly Int32Array[], i: number, j: number): boolean {
  for (const values of parts) if (values[i] < 0 || values[i] !== values[j]) return false;
  return true;
}

/** A 20-bit hash of record i's values of every part, -1 when any is missing. */
function tupleHash(parts: readonly Int32Array[], i: number): number {
  let h = 0x811c9dc5;
  for (const values of parts) {
    const v = values[i];
    if (v < 0) return -1;
    h = Math.imul(h ^ v, 0x01000193);
    h ^= h >>> 15;
  }
  return h & HASH_MASK;
}
const HASH_MASK = (1 << 20) - 1;

/** A set of small non-negative integers as bits: testing every record against it costs no hashing. */
class Bits {
  private readonly words: Int32Array;
  constructor(readonly max: number) {
    this.words = new Int32Array((max >> 5) + 1);
  }
  add(v: number): void {
    this.words[v >> 5] |= 1 << (v & 31);
  }
  has(v: number): boolean {
    return v >= 0 && v <= this.max && (this.words[v >> 5] & (1 << (v & 31))) !== 0;
  }
}

/**
 * The records of every key group that holds a fresh record, each group in frame order. Every
 * record is tested on its first part against the values the fresh records take, then on a hash
 * of all its parts against theirs; only the few that pass both are keyed exactly (a hash that
 * agrees by chance only adds a group without a fresh record, which is dropped).
 */
function groupsWithFresh(
  frame: Frame,
  parts: readonly Int32Array[],
  freshRows: readonly number[],
  fresh: Uint8Array,
): number[][] {
  const first = parts[0];
  const keyed = freshRows.filter((i) => tupleHash(parts, i) >= 0);
  if (keyed.length === 0) return [];
  const firstValues = new Bits(Math.max(...keyed.map((i) => first[i])));
  const hashes = new Bits(HASH_MASK);
  for (const i of keyed) {
    firstValues.add(first[i]);
    hashes.add(tupleHash(parts, i));
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < frame.n; i++) {
    if (!firstValues.has(first[i]) || !hashes.has(tupleHash(parts, i))) continue;
    const key = parts.map((values) => values[i]).join(',');
    const rows = groups.get(key);
    if (rows) rows.push(i);
    else groups.set(key, [i]);
  }
  return [...groups.values()].filter((rows) => rows.some((i) => fresh[i] === 1));
}

/** Pairs in a group with at least one fresh record. */
function freshPairCount(frame: Frame, rows: readonly number[], fresh: Uint8Array): number {
  const counts = [0, 0, 0, 0]; // [side][fresh]: left stale, left fresh, right stale, right fresh
  for (const i of rows) counts[(frame.linkType === 'link' && i >= frame.nLeft ? 2 : 0) + fresh[i]]++;
  const [ls, lf, rs, rf] = counts;
  if (frame.linkType === 'link') return (ls + lf) * (rs + rf) - ls * rs;
  const all = ls + lf;
  return (all * (all - 1)) / 2 - (ls * (ls - 1)) / 2;
}
