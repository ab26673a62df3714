import { type BlockingRule, computeKeys, ruleName } from '../block';
import { type Comparison, conditionColumns, type Frame } from '../compare';
import { expectationMaximisation } from './em';
import { countPatterns } from './patterns';

/**
 * m by EM, one session per blocking rule, as Splink trains. Pairs that agree on a rule's columns
 * are not a random sample: among them, different people agree on those columns far more often
 * than u says. So each session runs EM on the pairs satisfying one rule, leaves out the
 * comparisons that read the rule's columns, and estimates m for the others with u held fixed.
 * A comparison's m is the average over the sessions that estimated it.
 */
export interface SessionSummary {
  rule: string;
  pairs: number;
  /** Comparisons left out because the rule constrains them. */
  excluded: string[];
  matchShare: number;
  iterations: number;
  converged: boolean;
}

/** The column a derived column is computed from, so a rule on surnameKey constrains surname. */
const SOURCE_COLUMN: Record<string, string> = {
  forenameKey: 'forename',
  surnameKey: 'surname',
  forenamesAll: 'forename',
  surnamesAll: 'surname',
  nicknames: 'forename',
  middleNames: 'forename',
  postcodeSector: 'postcode',
  postcodeDistrict: 'postcode',
  postcodeArea: 'postcode',
};
const source = (column: string) => SOURCE_COLUMN[column] ?? column;

/** Fewer pairs than this say too little to estimate m from. */
const MIN_SESSION_PAIRS = 200;
/**
 * When no rule has MIN_SESSION_PAIRS candidates (a list of a thousand or two, de-duplicated), the
 * sessions with at least this many are used instead: without any session m stays equal to u, the
 * model carries no evidence and links nothing (a 1,500-record treatment list: F1 0 before, 0.98
 * after, on three synthetic seeds). Data that reach the first floor are trained as before.
 */
const MIN_SESSION_PAIRS_SMALL_DATA = 50;

export function mBySessions(input: {
  frame: Frame;
  comparisons: readonly Comparison[];
  rules: readonly BlockingRule[];
  left: Int32Array;
  right: Int32Array;
  count: number;
  vectors: Uint8Array;
  levelCounts: readonly number[];
  u: readonly (readonly number[])[];
}): { m: number[][]; sessions: SessionSummary[] } {
  const { frame, comparisons, rules, left, right, count, vectors, levelCounts, u } = input;
  const k = comparisons.length;
  const reads = comparisons.map(
    (c) => new Set(c.levels.flatMap((l) => conditionColumns(l.when)).map(source)),
  );
  const sums = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const estimates = new Array<number>(k).fill(0);
  const sessions: SessionSummary[] = [];

  for (const minPairs of [MIN_SESSION_PAIRS, MIN_SESSION_PAIRS_SMALL_DATA]) {
    if (sessions.length > 0) break;
    for (const rule of rules) {
      const ruleColumns = new Set(rule.on.map((part) => source(part.split(':')[0])));
      const excluded = comparisons.map((_, c) => [...reads[c]].some((col) => ruleColumns.has(col)));
      if (excluded.every(Boolean)) continue;
      const keys = computeKeys(frame, rule.on);
      // Every pair satisfying the rule is a candidate (this rule or an earlier one produced it).
      const chosen: number[] = [];
      for (let p = 0; p < count; p++)
        if (keys[left[p]] >= 0 && keys[left[p]] === keys[right[p]]) chosen.push(p);
      if (chosen.length < minPairs) continue;
      const subset = new Uint8Array(chosen.length * k);
      chosen.forEach((p, q) => {
        for (let c = 0; c < k; c++) subset[q * k + c] = excluded[c] ? 0 : vectors[p * k + c];
      });
      const em = expectationMaximisation(countPatterns(subset, k, levelCounts), u, { initialLambda: 0.3 });
      for (let c = 0; c < k; c++) {
        if (excluded[c]) continue;
        estimates[c]++;
        for (let l = 1; l < sums[c].length; l++) sums[c][l] += em.m[c][l];
      }
      sessions.push({
        rule: ruleName(rule),
        pairs: chosen.length,
        excluded: comparisons.filter((_, c) => excluded[c]).map((c) => c.name),
        matchShare: em.lambda,
        iterations: em.iterations,
        converged: em.converged,
      });
    }
  }

  const m = comparisons.map((c, ci) =>
    c.levels.map((_, l) => {
      if (l === 0) return Number.NaN;
      // A comparison no session could estimate keeps an even split: it then adds no evidence.
      if (estimates[ci] === 0) return u[ci][l];
      return sums[ci][l] / estimates[ci];
    }),
  );
  return { m, sessions };
}
