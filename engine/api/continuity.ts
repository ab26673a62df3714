import {
  type ContinuityRule,
  computeOutcomes,
  computeOutcomesWithLinks,
  type Link,
  OutcomeColumns,
  type PackedOutcomes,
  type ReleaseOutcome,
  visitOutcomes,
} from '../continuity';
import type { NormalisedTable } from '../normalise';
import { probabilityFromWeight, weightFromProbability } from '../predict';
import { type LinkageOptions, type LinkageResult, runLinkage } from './linkage';

export interface ContinuityResult {
  linkage: LinkageResult;
  outcomes: ReleaseOutcome[];
  /** Per release (row), the candidate pair index of its best link shown in the outcome, or -1. */
  bestPair: Int32Array;
  rule: ContinuityRule;
  asOf: number;
}

/**
 * Links the release list to the treatment extract, then decides every release's outcome under
 * the rule. Links at or above the rule's lower review threshold, and any pair with a clerical
 * decision, are passed on; the rule decides which are accepted.
 */
export async function runContinuity(
  releases: NormalisedTable,
  treatment: NormalisedTable,
  rule: ContinuityRule,
  asOf: number,
  options: LinkageOptions = {},
): Promise<ContinuityResult> {
  const linkage = await runLinkage([releases, treatment], {
    ...options,
    threshold: options.threshold ?? rule.reviewThresholds.lower,
  });
  return continuityOf(linkage, releases, treatment, rule, asOf);
}

/** Every release's outcome from a linkage of the release list (left) to treatment (right). */
export function continuityOf(
  linkage: LinkageResult,
  releases: NormalisedTable,
  treatment: NormalisedTable,
  rule: ContinuityRule,
  asOf: number,
): ContinuityResult {
  const { links, pairOfLink } = linksOf(linkage, rule);
  const { outcomes, shownLink } = computeOutcomesWithLinks({ releases, treatment, links, rule, asOf });
  const bestPair = bestPairs(links, pairOfLink, shownLink, releases.n);
  return { linkage, outcomes, bestPair, rule, asOf };
}

/** What the engine stores of continuity: the outcomes as columns, and each release's best pair. */
export interface PackedContinuity {
  outcomes: PackedOutcomes;
  bestPair: Int32Array;
  asOf: number;
}

/**
 * The outcomes as `continuityOf` gives them, written straight into the stored columns (record
 * keys being the frame's ids) instead of being held as 100,000 objects and packed afterwards.
 */
export function packedContinuityOf(
  linkage: LinkageResult,
  releases: NormalisedTable,
  treatment: NormalisedTable,
  rule: ContinuityRule,
  asOf: number,
): PackedContinuity {
  const { links, pairOfLink } = linksOf(linkage, rule);
  const { frame } = linkage;
  const columns = new OutcomeColumns(releases.n, frame.ids);
  const shownLink = visitOutcomes({ releases, treatment, links, rule, asOf }, (i, outcome, shown) =>
    columns.write(i, outcome, shown ? frame.nLeft + shown.treatment : undefined),
  );
  return { outcomes: columns.packed, bestPair: bestPairs(links, pairOfLink, shownLink, releases.n), asOf };
}

/**
 * Links at or above the rule's lower review threshold, and any pair with a clerical decision,
 * are passed on to the rule; the rule decides which are accepted.
 */
function linksOf(linkage: LinkageResult, rule: ContinuityRule): { links: Link[]; pairOfLink: number[] } {
  const { pairs, predictions, frame, decisionOf } = linkage;
  const lower = weightFromProbability(rule.reviewThresholds.lower);
  const links: Link[] = [];
  const pairOfLink: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    if (predictions.weights[p] < lower && (decisionOf.size === 0 || !decisionOf.has(p))) continue;
    const decision = decisionOf.get(p);
    links.push({
      release: pairs.left[p],
      treatment: pairs.right[p] - frame.nLeft,
      probability: probabilityFromWeight(predictions.weights[p]),
      ...(decision ? { decision } : {}),
    });
    pairOfLink.push(p);
  }
  return { links, pairOfLink };
}

/**
 * The pair behind each outcome's shown link, for the evidence a worker sees; with no accepted
 * link, the best uncertain one, which is what a reviewer needs. One pass over the links.
 */
function bestPairs(
  links: readonly Link[],
  pairOfLink: readonly number[],
  shownLink: Int32Array,
  n: number,
): Int32Array {
  const bestLink = new Int32Array(n).fill(-1);
  links.forEach((l, k) => {
    const best = bestLink[l.release];
    if (l.decision !== 'not_same' && (best < 0 || l.probability > links[best].probability))
      bestLink[l.release] = k;
  });
  const bestPair = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const k = shownLink[i] >= 0 ? shownLink[i] : bestLink[i];
    if (k >= 0) bestPair[i] = pairOfLink[k];
  }
  return bestPair;
}

/**
 * The true outcome of every release, from ground truth instead of linkage: each release linked
 * (as a clerical "same") to every treatment record of the same person. Used by `synth` to write
 * expected.csv, against which a linked run is scored.
 */
export function expectedOutcomes(
  releases: NormalisedTable,
  treatment: NormalisedTable,
  entityOf: Map<string, string>,
  rule: ContinuityRule,
  asOf: number,
): ReleaseOutcome[] {
  const rowsOf = new Map<string, number[]>();
  treatment.ids.forEach((id, j) => {
    const e = entityOf.get(id);
    if (e !== undefined) rowsOf.set(e, [...(rowsOf.get(e) ?? []), j]);
  });
  const links: Link[] = [];
  releases.ids.forEach((id, i) => {
    const e = entityOf.get(id);
    for (const j of (e !== undefined && rowsOf.get(e)) || [])
      links.push({ release: i, treatment: j, probability: 1, decision: 'same' });
  });
  return computeOutcomes({ releases, treatment, links, rule, asOf });
}
