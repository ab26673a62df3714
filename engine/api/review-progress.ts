import { probabilityFromWeight } from '../predict';
import { pairKey } from '../review';
import type { WorkspaceState } from '../workspace/state';
import type { ReviewProgress } from './engine-api';

/**
 * How far clerical review has got: the pairs whose probability falls in the rule's review band
 * (the pairs `reviewQueue` offers), and how many of them have a decision. Counting only, so it
 * is cheap enough to ask after every decision.
 */
export function reviewProgress(state: WorkspaceState): ReviewProgress {
  const { lower, upper } = state.rule.reviewThresholds;
  const progress: ReviewProgress = {
    total: 0,
    decided: { same: 0, not_same: 0, unsure: 0 },
    open: 0,
    thresholds: { lower, upper },
  };
  const results = state.results;
  if (!results || !state.model) return progress;
  const decisions = new Map(state.decisions.map((d) => [pairKey(d.leftId, d.rightId), d.decision]));
  const { left, right, weights } = results.pairs;
  for (let p = 0; p < left.length; p++) {
    const probability = probabilityFromWeight(weights[p]);
    if (probability < lower || probability >= upper) continue;
    progress.total++;
    const decision = decisions.get(pairKey(results.keys[left[p]], results.keys[right[p]]));
    if (decision) progress.decided[decision]++;
    else progress.open++;
  }
  return progress;
}
