import {
  type BlockingRule,
  blockPairs,
  type CandidatePairs,
  defaultBlockingRules,
  type RuleCount,
} from '../block';
import { type Clusters, connectedComponents } from '../cluster';
import { buildFrame, type Comparison, comparisonsFor, compileComparisons, type Frame } from '../compare';
import { type LabelledVectors, type Model, train } from '../model';
import type { NormalisedTable } from '../normalise';
import { type Predictions, predict, weightFromProbability } from '../predict';
import { type ProgressCallback, StageTimer, throwIfAborted } from './progress';

export interface LinkageOptions {
  /** A saved model to reuse; without it one is trained, unsupervised, on these data. */
  model?: Model;
  comparisons?: Comparison[];
  blockingRules?: BlockingRule[];
  /** Pairs at or above this match probability are links. Default 0.5. */
  threshold?: number;
  seed?: number;
  maxPairsPerRule?: number;
  uSamplePairs?: number;
  /** Labelled pairs (by record id) to train m from instead of EM. */
  labels?: { leftId: string; rightId: string; isMatch: boolean }[];
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

export interface LinkageResult {
  frame: Frame;
  model: Model;
  pairs: CandidatePairs;
  /** Comparison vectors of the candidate pairs, K bytes per pair. */
  vectors: Uint8Array;
  predictions: Predictions;
  threshold: number;
  thresholdWeight: number;
  clusters: Clusters;
  blocking: RuleCount[];
  timings: { stage: string; ms: number }[];
  totalMs: number;
}

/**
 * The whole pipeline on normalised tables: one table is de-duplicated, two are linked (left to
 * right). Every stage takes plain data and returns plain data; this function only sequences them.
 */
export function runLinkage(tables: readonly NormalisedTable[], options: LinkageOptions = {}): LinkageResult {
  const { onProgress, signal } = options;
  const timer = new StageTimer();
  const seed = options.seed ?? 1;
  const threshold = options.threshold ?? 0.5;

  const frame = buildFrame(tables);
  timer.lap('encode');
  throwIfAborted(signal);

  const comparisons = options.model?.comparisons ?? options.comparisons ?? comparisonsFor(frame);
  const rules = options.model?.blockingRules ?? options.blockingRules ?? defaultBlockingRules(frame);
  onProgress?.({ stage: 'block', message: `blocking with ${rules.length} rules` });
  const pairs = blockPairs(frame, rules, { maxPairsPerRule: options.maxPairsPerRule });
  timer.lap('block');
  throwIfAborted(signal);

  onProgress?.({
    stage: 'compare',
    message: `comparing ${pairs.count.toLocaleString('en-GB')} candidate pairs`,
  });
  const compiled = compileComparisons(frame, comparisons);
  const vectors = compiled.vectors(pairs.left, pairs.right, pairs.count);
  timer.lap('compare');
  throwIfAborted(signal);

  let model = options.model;
  if (!model) {
    onProgress?.({ stage: 'train', message: 'estimating u from random pairs, m and the prior by EM' });
    model = train(
      {
        frame,
        comparisons,
        compiled,
        blockingRules: rules,
        candidateLeft: pairs.left,
        candidateRight: pairs.right,
        candidateVectors: vectors,
        seed,
        uSamplePairs: options.uSamplePairs,
      },
      options.labels ? labelledVectors(frame, compiled, options.labels) : undefined,
    );
    timer.lap('train');
    throwIfAborted(signal);
  }

  onProgress?.({ stage: 'predict', message: 'scoring candidate pairs' });
  const predictions = predict(frame, model, pairs, vectors);
  timer.lap('predict');

  const thresholdWeight = weightFromProbability(threshold);
  const clusters = connectedComponents(
    frame.n,
    pairs.left,
    pairs.right,
    pairs.count,
    (p) => predictions.weights[p] >= thresholdWeight,
  );
  timer.lap('cluster');

  return {
    frame,
    model,
    pairs,
    vectors,
    predictions,
    threshold,
    thresholdWeight,
    clusters,
    blocking: pairs.rules,
    timings: timer.stages,
    totalMs: timer.total(),
  };
}

function labelledVectors(
  frame: Frame,
  compiled: ReturnType<typeof compileComparisons>,
  labels: NonNullable<LinkageOptions['labels']>,
): LabelledVectors {
  const leftIndex = new Map<string, number>();
  const rightIndex = new Map<string, number>();
  frame.ids.forEach((id, i) => {
    if (i < frame.nLeft) leftIndex.set(id, i);
    if (frame.linkType === 'dedupe' || i >= frame.nLeft) rightIndex.set(id, i);
  });
  const left: number[] = [];
  const right: number[] = [];
  const isMatch: number[] = [];
  for (const l of labels) {
    const i = leftIndex.get(l.leftId);
    const j = rightIndex.get(l.rightId);
    if (i === undefined || j === undefined) continue;
    left.push(i);
    right.push(j);
    isMatch.push(l.isMatch ? 1 : 0);
  }
  return {
    vectors: compiled.vectors(Int32Array.from(left), Int32Array.from(right)),
    isMatch: Uint8Array.from(isMatch),
  };
}
