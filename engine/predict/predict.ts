import type { CandidatePairs } from '../block';
import type { Frame } from '../compare';
import type { Model } from '../model';
import { createScorer, type Scorer } from './score';

export interface Predictions {
  /** Match weight of every candidate pair, in candidate order. */
  weights: Float64Array;
  scorer: Scorer;
}

/**
 * Scores every candidate pair, into `into` when given (room for every pair; the weights are a
 * view of its beginning). The comparison vectors are kept by the caller for waterfalls.
 */
export function predict(
  frame: Frame,
  model: Model,
  pairs: CandidatePairs,
  vectors: Uint8Array,
  into?: Float64Array,
): Predictions {
  const scorer = createScorer(frame, model);
  const weights = into ? into.subarray(0, pairs.count) : new Float64Array(pairs.count);
  scorer.weightsInto(vectors, pairs.left, pairs.right, pairs.count, weights);
  return { weights, scorer };
}
