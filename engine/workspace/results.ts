import type { ContinuityResult } from '../api/continuity';
import type { LinkageResult } from '../api/linkage';
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
  continuity: ContinuityResult,
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
