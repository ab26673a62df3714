import type { Frame } from '../compare';
import { BlockingRuleError, computeKeys, type KeyPart } from './keys';

/** A blocking rule as data: records are candidate pairs when they agree on every part. */
export interface BlockingRule {
  on: KeyPart[];
}

export interface RuleCount {
  rule: string;
  /** Pairs the rule produces on its own, counted from group sizes before any pair is made. */
  estimated: number;
  /** Pairs it adds that no earlier rule produced. */
  actual: number;
}

export interface CandidatePairs {
  /** Frame indexes; for a link, left[p] < nLeft <= right[p]; for a dedupe, left[p] < right[p]. */
  left: Int32Array;
  right: Int32Array;
  count: number;
  /** Index of the rule that produced each pair. */
  rule: Uint8Array;
  rules: RuleCount[];
}

export const ruleName = (r: BlockingRule): string => r.on.join(' & ');

export class PairCapError extends Error {
  constructor(
    readonly rule: string,
    readonly estimated: number,
    readonly cap: number,
  ) {
    super(
      `Blocking rule "${rule}" would produce ${estimated.toLocaleString('en-GB')} candidate pairs, more than the cap ` +
        `of ${cap.toLocaleString('en-GB')}. Make the rule stricter (add a column) or raise the cap (--max-pairs).`,
    );
  }
}

interface Groups {
  /** Record indexes sorted by key; group g is order[start[g] .. start[g+1]). */
  order: Int32Array;
  start: Int32Array;
  /** For a link: within each group, left records come first; leftCount[g] of them. */
  leftCount: Int32Array;
}

function group(frame: Frame, keys: Int32Array): Groups {
  let k = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i] + 1 > k) k = keys[i] + 1;
  const start = new Int32Array(k + 1);
  const leftCount = new Int32Array(k);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] < 0) continue;
    start[keys[i] + 1]++;
    if (i < frame.nLeft) leftCount[keys[i]]++;
  }
  for (let g = 0; g < k; g++) start[g + 1] += start[g];
  const cursor = start.slice(0, k);
  const order = new Int32Array(start[k]);
  // Records are visited in frame order, so left records (which come first) lead each group.
  for (let i = 0; i < keys.length; i++) if (keys[i] >= 0) order[cursor[keys[i]]++] = i;
  return { order, start, leftCount };
}

function estimate(frame: Frame, g: Groups): number {
  let total = 0;
  for (let k = 0; k + 1 < g.start.length; k++) {
    const size = g.start[k + 1] - g.start[k];
    total += frame.linkType === 'link' ? g.leftCount[k] * (size - g.leftCount[k]) : (size * (size - 1)) / 2;
  }
  return total;
}

/** Counts each rule's pairs without making them (Splink's count_comparisons_from_blocking_rules). */
export function countPairs(
  frame: Frame,
  rules: readonly BlockingRule[],
): { rule: string; estimated: number }[] {
  return rules.map((r) => ({
    rule: ruleName(r),
    estimated: estimate(frame, group(frame, computeKeys(frame, r.on))),
  }));
}

export interface BlockOptions {
  maxPairsPerRule?: number;
}

/** The most pairs the candidate arrays are first sized for (1.2 GB of address space). */
const MAX_CAPACITY = 1 << 27;

/**
 * Candidate pairs from blocking rules. A pair produced by an earlier rule is not produced again.
 * A rule whose own pair count would exceed `maxPairsPerRule` is refused before any pair is made.
 */
export function blockPairs(
  frame: Frame,
  rules: readonly BlockingRule[],
  options: BlockOptions = {},
): CandidatePairs {
  if (rules.length === 0) throw new BlockingRuleError('At least one blocking rule is needed');
  if (rules.length > 255) throw new BlockingRuleError('At most 255 blocking rules');
  const cap = options.maxPairsPerRule ?? 20_000_000;
  const allKeys = rules.map((r) => computeKeys(frame, r.on));
  const grouped = allKeys.map((keys) => group(frame, keys));
  const estimates = grouped.map((g) => estimate(frame, g));
  estimates.forEach((e, r) => {
    if (e > cap) throw new PairCapError(ruleName(rules[r]), e, cap);
  });

  // The estimates add up to at least the pairs that will be made (a pair an earlier rule made is
  // counted twice), so the arrays are sized once; pages beyond the last pair are never touched.
  // Past MAX_CAPACITY pairs (rules that overlap a great deal) they start there and grow.
  let capacity = Math.max(
    1024,
    Math.min(
      estimates.reduce((a, b) => a + b, 0),
      MAX_CAPACITY,
    ),
  );
  let left = new Int32Array(capacity);
  let right = new Int32Array(capacity);
  let rule = new Uint8Array(capacity);
  let count = 0;
  const counts: RuleCount[] = [];
  // Every rule's key of a record side by side: telling whether an earlier rule made a pair reads
  // one or two cache lines per record instead of one per rule (at a million records the keys are
  // far bigger than the processor's caches).
  const width = rules.length;
  const keysByRecord = new Int32Array(frame.n * width);
  for (let r = 0; r < width; r++) {
    const keys = allKeys[r];
    for (let i = 0, o = r; i < frame.n; i++, o += width) keysByRecord[o] = keys[i];
  }

  for (let r = 0; r < rules.length; r++) {
    const { order, start, leftCount } = grouped[r];
    const before = count;
    const push = (i: number, j: number) => {
      const bi = i * width;
      const bj = j * width;
      for (let e = 0; e < r; e++) {
        const key = keysByRecord[bi + e];
        if (key >= 0 && key === keysByRecord[bj + e]) return;
      }
      if (count === capacity) {
        capacity *= 2;
        const l = new Int32Array(capacity);
        l.set(left);
        left = l;
        const rr = new Int32Array(capacity);
        rr.set(right);
        right = rr;
        const ru = new Uint8Array(capacity);
        ru.set(rule);
        rule = ru;
      }
      left[count] = i;
      right[count] = j;
      rule[count] = r;
      count++;
    };
    for (let g = 0; g + 1 < start.length; g++) {
      const from = start[g];
      const to = start[g + 1];
      if (frame.linkType === 'link') {
        const split = from + leftCount[g];
        for (let a = from; a < split; a++) for (let b = split; b < to; b++) push(order[a], order[b]);
      } else {
        for (let a = from; a < to; a++) for (let b = a + 1; b < to; b++) push(order[a], order[b]);
      }
    }
    counts.push({ rule: ruleName(rules[r]), estimated: estimates[r], actual: count - before });
  }
  return { left, right, rule, count, rules: counts };
}
