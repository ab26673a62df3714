import { type BlockingRule, computeKeys, ruleName } from '../block';
import { type Comparison, conditionColumns, type Frame } from '../compare';
import { expectationMaximisation } from './em';
import { PatternCounter } from './patterns';

/**
 * m by EM, one session per blocking rule, as Splink trains. Pairs that agree on a rule's columns
 * are not a random sample: among them, different people agree on those columns far more often
 * than u says. So each session runs EM on the pairs satisfying one rule, leaves out the
 * comparisons that read what the rule constrains, and estimates m for the others with u held
 * fixed. A comparison's m is the average over the sessions that estimated it.
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

/**
 * What a column describes, where that is not the column itself. A derived column describes what
 * it is computed from, so a rule on surnameKey constrains surname. The parts of an address
 * describe one place: a postcode is a few dozen addresses in one town, a district a few towns, so
 * pairs that share one share the town and mostly the street whether or not they are the same
 * person. A session on a rule that reads any of them can estimate m for none of them: with u held
 * at its random-pair value, the town and address every pair shares would make every pair a match.
 */
const ATTRIBUTE: Record<string, string> = {
  forenameKey: 'forename',
  surnameKey: 'surname',
  forenamesAll: 'forename',
  surnamesAll: 'surname',
  nicknames: 'forename',
  middleNames: 'forename',
  postcode: 'location',
  postcodeSector: 'location',
  postcodeDistrict: 'location',
  postcodeArea: 'location',
  address: 'location',
  town: 'location',
};
/** What a column, or a blocking key part (`dob:year`, `surname:1`), describes. */
export const attributeOf = (column: string): string => {
  const name = column.split(':')[0];
  return ATTRIBUTE[name] ?? name;
};

/** Which comparisons a session on `rule` leaves out: those reading anything the rule constrains. */
export function constrainedBy(rule: BlockingRule, comparisons: readonly Comparison[]): boolean[] {
  const constrained = new Set(rule.on.map(attributeOf));
  return comparisons.map((c) =>
    c.levels.some((l) => conditionColumns(l.when).some((col) => constrained.has(attributeOf(col)))),
  );
}

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
  const sums = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const estimates = new Array<number>(k).fill(0);
  const sessions: SessionSummary[] = [];

  for (const minPairs of [MIN_SESSION_PAIRS, MIN_SESSION_PAIRS_SMALL_DATA]) {
    if (sessions.length > 0) break;
    for (const rule of rules) {
      const excluded = constrainedBy(rule, comparisons);
      if (excluded.every(Boolean)) continue;
      const keys = computeKeys(frame, rule.on);
      // Every pair satisfying the rule is a candidate (this rule or an earlier one produced it).
      // Their patterns are counted in place: the vectors of millions of pairs are not copied.
      const counter = new PatternCounter(
        k,
        levelCounts,
        excluded.map((x) => !x),
      );
      for (let p = 0; p < count; p++)
        if (keys[left[p]] >= 0 && keys[left[p]] === keys[right[p]]) counter.add(vectors, p);
      const pairs = counter.pairs;
      if (pairs < minPairs) continue;
      const em = expectationMaximisation(counter.patterns(), u, { initialLambda: 0.3 });
      for (let c = 0; c < k; c++) {
        if (excluded[c]) continue;
        estimates[c]++;
        for (let l = 1; l < sums[c].length; l++) sums[c][l] += em.m[c][l];
      }
      sessions.push({
        rule: ruleName(rule),
        pairs,
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
