import type { BlockingRule } from '../block';
import { type Comparison, type CompiledComparisons, compileComparisons, type Frame } from '../compare';
import { expectationMaximisation } from './em';
import { MODEL_FORMAT, MODEL_VERSION, type Model } from './model';
import { countPatterns } from './patterns';
import { mBySessions, type SessionSummary } from './sessions';
import { estimateU, totalPairs } from './u';

export interface TrainInput {
  frame: Frame;
  comparisons: readonly Comparison[];
  /** The comparisons compiled for scoring candidates (its level counts shape the vectors). */
  compiled: CompiledComparisons;
  blockingRules: readonly BlockingRule[];
  /** The candidate pairs (frame indexes) and their comparison vectors (K bytes per pair). */
  candidateLeft: Int32Array;
  candidateRight: Int32Array;
  candidateVectors: Uint8Array;
  seed: number;
  uSamplePairs?: number;
}

export interface LabelledVectors {
  /** Comparison vectors of labelled pairs, and whether each is a match. */
  vectors: Uint8Array;
  isMatch: Uint8Array;
}

/**
 * Unsupervised training, as in Splink: u from random pairs; m by EM sessions, one per blocking
 * rule, each leaving out the comparisons its rule constrains (sessions.ts); then the prior, the
 * share of matches among all pairs, by EM with m and u fixed over all pairs, the pairs blocking
 * left out counting as non-matches. With labelled pairs, m is counted from the labelled matches
 * instead.
 */
export function train(input: TrainInput, labels?: LabelledVectors): Model {
  const { frame, comparisons, compiled } = input;
  const k = compiled.k;
  const uSamplePairs = input.uSamplePairs ?? 100_000;
  const forSampling = compileComparisons(frame, comparisons, { cache: false });
  const { u, sampled } = estimateU(frame, comparisons, forSampling, {
    seed: input.seed,
    samplePairs: uSamplePairs,
  });
  const candidates = input.candidateVectors.length / Math.max(1, k);
  const patterns = countPatterns(input.candidateVectors, k, compiled.levelCounts);

  let m: number[][];
  let sessions: SessionSummary[] = [];
  if (labels) m = mFromLabels(labels, comparisons, k);
  else
    ({ m, sessions } = mBySessions({
      frame,
      comparisons,
      rules: input.blockingRules,
      left: input.candidateLeft,
      right: input.candidateRight,
      count: candidates,
      vectors: input.candidateVectors,
      levelCounts: compiled.levelCounts,
      u,
    }));
  // The prior is a share of all pairs, and each candidate is judged with it, as scoring judges it.
  // Taken for a sample of all pairs, the candidates would be judged with their own match share
  // (a thousand times the prior at a million records), and the agreement blocking chose them for
  // (every pair of the rule on date of birth shares one) would make thousands of different people
  // matches: de-duplicating a million synthetic records the prior came out 42 times too high and
  // F1 0.68; over all pairs, 16% high and F1 0.96 (docs/design.md, "At scale").
  const all = totalPairs(frame);
  const em =
    candidates > 0
      ? expectationMaximisation(patterns, u, {
          initialM: m,
          fixM: true,
          initialLambda: (initialShare(frame, candidates) * candidates) / all,
          population: all,
        })
      : { lambda: 0, iterations: 0, converged: true };

  const prior = clampProbability(em.lambda);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    linkType: frame.linkType,
    probabilityTwoRandomRecordsMatch: prior,
    comparisons: comparisons.map((c, ci) => ({
      ...c,
      levels: c.levels.map((l, li) =>
        li === 0 ? { ...l, m: undefined, u: undefined } : { ...l, m: m[ci][li], u: u[ci][li] },
      ),
    })),
    blockingRules: input.blockingRules.map((r) => ({ on: [...r.on] })),
    training: {
      method: labels ? 'labels' : 'unsupervised',
      seed: input.seed,
      uSamplePairs: sampled,
      candidatePairs: candidates,
      emIterations: em.iterations + sessions.reduce((s, x) => s + x.iterations, 0),
      emConverged: em.converged && sessions.every((x) => x.converged),
      sessions,
      candidateMatchShare: candidates > 0 ? Math.min(1, (em.lambda * all) / candidates) : 0,
      ...(labels ? { labelledPairs: labels.isMatch.length } : {}),
    },
  };
}

/** A first guess of the share of candidates that match: at most one match per smaller-side record. */
function initialShare(frame: Frame, candidates: number): number {
  const people = frame.linkType === 'link' ? Math.min(frame.nLeft, frame.n - frame.nLeft) : frame.n / 2;
  return clampProbability(Math.min(0.5, people / Math.max(1, candidates)));
}

function mFromLabels(labels: LabelledVectors, comparisons: readonly Comparison[], k: number): number[][] {
  return comparisons.map((c, ci) => {
    const counts = new Float64Array(c.levels.length);
    for (let p = 0; p < labels.isMatch.length; p++)
      if (labels.isMatch[p]) counts[labels.vectors[p * k + ci]]++;
    let total = 0;
    for (let l = 1; l < counts.length; l++) total += counts[l] + 0.5;
    return Array.from(counts, (n, l) => (l === 0 ? Number.NaN : (n + 0.5) / total));
  });
}

const clampProbability = (p: number) => Math.min(1 - 1e-12, Math.max(1e-15, p));
