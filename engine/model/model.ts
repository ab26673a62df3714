import type { BlockingRule } from '../block';
import type { Comparison, LinkType } from '../compare';
import type { SessionSummary } from './sessions';

/**
 * A trained model is one versioned JSON document: the comparisons with their levels (conditions,
 * labels, m and u), the blocking rules, and the prior. Settings and model are the same shape, so
 * a saved model loads straight back (as in Splink) and predictions can be reproduced from it.
 */
export const MODEL_FORMAT = 'throughline-model';
export const MODEL_VERSION = 1;

export interface TrainingSummary {
  method: 'unsupervised' | 'labels';
  seed: number;
  /** Random pairs sampled to estimate u. */
  uSamplePairs: number;
  /** Candidate pairs that m and the prior were estimated on. */
  candidatePairs: number;
  emIterations: number;
  emConverged: boolean;
  /** Share of candidate pairs the model judged to be matches when training ended. */
  candidateMatchShare: number;
  labelledPairs?: number;
  /** The EM sessions that estimated m, one per blocking rule (unsupervised training). */
  sessions?: SessionSummary[];
}

export interface Model {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  linkType: LinkType;
  /** The prior: the probability that two records drawn at random are the same person. */
  probabilityTwoRandomRecordsMatch: number;
  comparisons: Comparison[];
  blockingRules: BlockingRule[];
  training: TrainingSummary;
}

/** log2 Bayes factor of each level (0 for the null level), per comparison. */
export function levelWeights(model: Pick<Model, 'comparisons'>): Float64Array[] {
  return model.comparisons.map((c) =>
    Float64Array.from(c.levels, (l) =>
      l.isNull || l.m === undefined || l.u === undefined ? 0 : Math.log2(l.m / l.u),
    ),
  );
}

export const priorWeight = (p: number): number => Math.log2(p / (1 - p));
