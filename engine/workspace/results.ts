import type { PackedContinuity } from '../api/continuity';
import type { LinkageResult } from '../api/linkage';
import { outcomeAt, type ReleaseOutcome, unpackOutcomes } from '../continuity';
import { weightFromProbability } from '../predict';
import type { StoredResults } from '../store';

/**
 * Pairs below this probability are not kept in the stored results: they are neither links nor
 * worth a reviewer's time, and there are millions of them. The in-memory index keeps them all.
 */
export const STORED_PAIR_FLOOR = 0.05;

/** The part of a run that is stored, for lookups, review and reports after a restart. */
export function storedResults(
  linkage: LinkageResult,
  continuity: PackedContinuity,
  meta: { version: number; runId: string; modelId: string },
): StoredResults {
  const { pairs, predictions, frame, decisionOf, vectors } = linkage;
  const k = linkage.model.comparisons.length;
  const floor = weightFromProbability(STORED_PAIR_FLOOR);
  const keep: number[] = [];
  for (let p = 0; p < pairs.count; p++)
    if (predictions.weights[p] >= floor || decisionOf.has(p)) keep.push(p);
  const out = {
    left: new Int32Array(keep.length),
    right: new Int32Array(keep.length),
    weights: new Float64Array(keep.length),
    vectors: new Uint8Array(keep.length * k),
    k,
  };
  keep.forEach((p, q) => {
    out.left[q] = pairs.left[p];
    out.right[q] = pairs.right[p];
    out.weights[q] = predictions.weights[p];
    out.vectors.set(vectors.subarray(p * k, p * k + k), q * k);
  });
  return {
    ...meta,
    keys: frame.ids,
    nLeft: frame.nLeft,
    pairs: out,
    clusters: linkage.clusters.clusterOf,
    outcomes: continuity.outcomes,
    asOf: continuity.asOf,
  };
}

const unpacked = new WeakMap<StoredResults, ReleaseOutcome[]>();

/** Every release's outcome as objects, unpacked once per results (for reports and the worklist). */
export function releaseOutcomes(results: StoredResults): ReleaseOutcome[] {
  let outcomes = unpacked.get(results);
  if (!outcomes) {
    outcomes = unpackOutcomes(results.outcomes, results.keys);
    unpacked.set(results, outcomes);
  }
  return outcomes;
}

/** The outcome of release i (its row in the record keys). */
export const releaseOutcome = (results: StoredResults, i: number): ReleaseOutcome =>
  unpacked.get(results)?.[i] ?? outcomeAt(results.outcomes, results.keys, i);
