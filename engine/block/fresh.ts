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
  const readers = rules.map((r) => r.on.map((part) => partReader(frame, part)));
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

/** One part of a blocking key, read record by record. */
interface PartReader {
  /** The part's value for record i as a non-negative number, -1 when missing. */
  value(i: number): number;
  /** A test, cheap enough for every record, of whether record i's value is one of `wanted`. */
  among(wanted: ReadonlySet<number>): (i: number) => boolean;
}

function partReader(frame: Frame, part: KeyPart): PartReader {
  const name = part.split(':')[0];
  const col = frame.columns[name];
  if (col?.kind === 'text') {
    const { codes, values } = col;
    const length = prefixLength(part);
    // A prefix is numbered through the dictionary, once per distinct value, not per record.
    let valueOfCode: Int32Array | null = null;
    if (length !== undefined) {
      valueOfCode = new Int32Array(values.length);
      const prefixes = new Map<string, number>();
      for (let c = 0; c < values.length; c++) {
        const prefix = values[c].slice(0, length);
        let id = prefixes.get(prefix);
        if (id === undefined) {
          id = prefixes.size;
          prefixes.set(prefix, id);
        }
        valueOfCode[c] = id;
      }
    }
    const value = valueOfCode
      ? (i: number) => (codes[i] < 0 ? -1 : (valueOfCode as Int32Array)[codes[i]])
      : (i: number) => codes[i];
    return {
      value,
      among(wanted) {
        const marked = new Uint8Array(values.length);
        for (let c = 0; c < values.length; c++)
          if (wanted.has(valueOfCode ? valueOfCode[c] : c)) marked[c] = 1;
        return (i) => codes[i] >= 0 && marked[codes[i]] === 1;
      },
    };
  }
  if (col?.kind === 'int') {
    const f = intTransform(part);
    const { data } = col;
    return {
      value: (i) => (hasValue(col, i) ? f(data[i]) : -1),
      among: (wanted) => (i) => hasValue(col, i) && wanted.has(f(data[i])),
    };
  }
  if (!col) throw new BlockingRuleError(`Blocking rule names an unknown column: ${name}`);
  throw new BlockingRuleError(`Blocking on the list column ${name} is not supported`);
}

function agree(parts: readonly PartReader[], i: number, j: number): boolean {
  for (const part of parts) {
    const a = part.value(i);
    if (a < 0 || a !== part.value(j)) return false;
  }
  return true;
}

/** A hash of record i's values of every part, -1 when any is missing. */
function tupleHash(parts: readonly PartReader[], i: number): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const v = part.value(i);
    if (v < 0) return -1;
    h = Math.imul(h ^ v, 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/**
 * The records of every key group that holds a fresh record, each group in frame order. Every
 * record is tested on its first part against the values the fresh records take, then on a hash
 * of all its parts against theirs; only the few that pass both are keyed exactly.
 */
function groupsWithFresh(
  frame: Frame,
  parts: readonly PartReader[],
  freshRows: readonly number[],
  fresh: Uint8Array,
): number[][] {
  const firstValues = new Set<number>();
  const hashes = new Set<number>();
  for (const i of freshRows) {
    const h = tupleHash(parts, i);
    if (h < 0) continue;
    hashes.add(h);
    firstValues.add(parts[0].value(i));
  }
  if (hashes.size === 0) return [];
  const first = parts[0].among(firstValues);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < frame.n; i++) {
    if (!first(i) || !hashes.has(tupleHash(parts, i))) continue;
    const key = parts.map((p) => p.value(i)).join(',');
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
