import {
  type BlockingRule,
  blockFreshPairs,
  blockPairs,
  type CandidatePairs,
  defaultBlockingRules,
  type RuleCount,
} from '../block';
import { type Clusters, connectedComponents } from '../cluster';
import {
  buildFrame,
  type Comparison,
  comparisonsFor,
  compileComparisons,
  extendFrame,
  type Frame,
} from '../compare';
import { type LabelledVectors, type Model, train } from '../model';
import type { NormalisedTable } from '../normalise';
import { compareInParallel, parallelism, workerHost } from '../parallel';
import { type Predictions, predict, weightFromProbability } from '../predict';
import { type Decision, type PairDecision, pairKey } from '../review';
import { buffersBehind, buffersFor, compactPairs, withRoom } from './pair-buffers';
import { checkpoint, type ProgressCallback, StageTimer, throwIfAborted } from './progress';

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
  /** Clerical decisions by record id: they override the model in linking and clustering. */
  decisions?: readonly PairDecision[];
  /**
   * Threads that compare candidate pairs: 1 compares in this thread; more split the pairs over
   * that many workers (Node worker_threads; in the extension, dedicated workers its pages start
   * for the SharedWorker, engine/parallel/port-host.ts). Default: one per logical processor when
   * there are at least PARALLEL_MIN_PAIRS pairs to compare, else 1. Where no worker can be
   * started (no page to start one) pairs are compared in this thread whatever is asked. The
   * vectors are the same either way.
   */
  workers?: number;
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
  /** The clerical decision on a candidate pair, by pair index. */
  decisionOf: Map<number, Decision>;
  /** Whether pair p is a link: a decision if there is one, else the model at the threshold. */
  isLink: (p: number) => boolean;
  blocking: RuleCount[];
  timings: { stage: string; ms: number }[];
  totalMs: number;
}

/**
 * The whole pipeline on normalised tables: one table is de-duplicated, two are linked (left to
 * right). Every stage takes plain data and returns plain data; this function only sequences them,
 * yielding between chunks so that a worker stays responsive and a cancel takes effect.
 */
export async function runLinkage(
  tables: readonly NormalisedTable[],
  options: LinkageOptions = {},
): Promise<LinkageResult> {
  const { onProgress, signal } = options;
  const timer = new StageTimer();
  const seed = options.seed ?? 1;

  const frame = buildFrame(tables);
  timer.lap('encode');
  await checkpoint(signal);

  const comparisons = options.model?.comparisons ?? options.comparisons ?? comparisonsFor(frame);
  const rules = options.model?.blockingRules ?? options.blockingRules ?? defaultBlockingRules(frame);
  onProgress?.({ stage: 'block', message: `blocking with ${rules.length} rules` });
  const blocked = blockPairs(frame, rules, { maxPairsPerRule: options.maxPairsPerRule });
  const { pairs, decisionOf } = withDecisions(frame, blocked, options.decisions ?? []);
  timer.lap('block');
  await checkpoint(signal);

  onProgress?.({
    stage: 'compare',
    message: `comparing ${pairs.count.toLocaleString('en-GB')} candidate pairs`,
  });
  const compiled = compileComparisons(frame, comparisons);
  const buffers = buffersFor(pairs, compiled.k);
  const vectors = buffers.vectors.subarray(0, pairs.count * compiled.k);
  await compareInto(vectors, { frame, comparisons, compiled }, pairs, 0, options);
  timer.lap('compare');

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
    await checkpoint(signal);
  }
  const held = { ...pairs, left: buffers.left, right: buffers.right, rule: buffers.rule };
  return finish(frame, model, held, vectors, decisionOf, options, timer, buffers.weights);
}

/**
 * Incremental matching. Given the result of an earlier run and the tables as they are now, in
 * which the records whose ids are in `fresh` are new or changed (and records no longer present
 * were removed), blocks and compares only the pairs that involve a fresh record and keeps every
 * other pair with its comparison vector. Term frequencies, clerical decisions and clusters are
 * recomputed over everything, so the result equals a full run with the same model (tested).
 * The new result takes the earlier one's pair buffers over (api/pair-buffers.ts): the earlier
 * result must not be read after this call, even when it fails.
 */
export async function extendLinkage(
  previous: Pick<LinkageResult, 'frame' | 'pairs' | 'vectors' | 'predictions' | 'model'>,
  tables: readonly NormalisedTable[],
  fresh: ReadonlySet<string>,
  options: Omit<LinkageOptions, 'model' | 'labels' | 'comparisons' | 'blockingRules'> = {},
): Promise<LinkageResult> {
  const { onProgress, signal } = options;
  const timer = new StageTimer();
  const { model } = previous;
  const k = model.comparisons.length;
  const { source, moved } = rowSources(previous.frame, tables, fresh);
  const frame = extendFrame(previous.frame, tables, source);
  const isFresh = new Uint8Array(source.length);
  for (let r = 0; r < source.length; r++) isFresh[r] = source[r] < 0 ? 1 : 0;
  timer.lap('encode');
  await checkpoint(signal);

  onProgress?.({
    stage: 'block',
    message: `blocking ${fresh.size.toLocaleString('en-GB')} new or changed records`,
  });
  const blocked = blockFreshPairs(frame, model.blockingRules, isFresh, {
    maxPairsPerRule: options.maxPairsPerRule,
  });
  timer.lap('block');

  // Earlier pairs between two records that are still there and unchanged keep their vectors:
  // a comparison level depends only on the two records' own values. They are renumbered where
  // they lie in the earlier run's buffers, which the new run takes over (the earlier result must
  // not be read after this call), and the fresh pairs are written after them.
  const earlier = buffersBehind(
    { ...previous.pairs, vectors: previous.vectors, weights: previous.predictions.weights },
    k,
  );
  const kept = compactPairs(earlier, previous.pairs.count, moved, previous.frame, k);
  const decidedSame = (options.decisions ?? []).filter((d) => d.decision === 'same').length;
  const buffers = withRoom(earlier, kept, kept + blocked.count + decidedSame, k);
  buffers.left.set(blocked.left.subarray(0, blocked.count), kept);
  buffers.right.set(blocked.right.subarray(0, blocked.count), kept);
  buffers.rule.set(blocked.rule.subarray(0, blocked.count), kept);
  const joined: CandidatePairs = {
    left: buffers.left,
    right: buffers.right,
    rule: buffers.rule,
    count: kept + blocked.count,
    rules: blocked.rules,
  };
  const { pairs, decisionOf } = withDecisions(frame, joined, options.decisions ?? []);
  timer.lap('carry over');
  await checkpoint(signal);

  const compiled = compileComparisons(frame, model.comparisons);
  const vectors = buffers.vectors.subarray(0, pairs.count * k);
  await compareInto(vectors, { frame, comparisons: model.comparisons, compiled }, pairs, kept, options);
  timer.lap('compare');
  return finish(frame, model, pairs, vectors, decisionOf, options, timer, buffers.weights);
}

/**
 * Where each record of the new tables was in the earlier frame (`source`, -1 for a new or
 * changed record) and the reverse (`moved`, -1 for a record removed or changed), so that carrying
 * pairs over costs no lookup per pair. Side by side, records are matched in step while the ids
 * agree (a dataset added, as every week, leaves the others in order), and through a map of the
 * earlier ids only from the first difference on.
 */
function rowSources(
  earlier: Pick<Frame, 'ids' | 'nLeft' | 'n'>,
  tables: readonly NormalisedTable[],
  fresh: ReadonlySet<string>,
): { source: Int32Array; moved: Int32Array } {
  const n = tables.reduce((s, t) => s + t.n, 0);
  const source = new Int32Array(n).fill(-1);
  const moved = new Int32Array(earlier.n).fill(-1);
  const sides = tables.length === 2 ? [0, earlier.nLeft, earlier.n] : [0, earlier.n];
  let r = 0;
  tables.forEach((table, side) => {
    const [from, to] = [sides[side], sides[side + 1]];
    let at = from;
    let index: Map<string, number> | null = null;
    for (const id of table.ids) {
      let was = -1;
      if (index === null && at < to && earlier.ids[at] === id) was = at++;
      else if (index !== null || at < to) {
        if (index === null) {
          index = new Map();
          for (let i = at; i < to; i++) index.set(earlier.ids[i], i);
        }
        was = index.get(id) ?? -1;
      }
      // else: every earlier record of this side is accounted for, so this one is new.
      if (was >= 0 && !fresh.has(id)) {
        source[r] = was;
        moved[was] = r;
      }
      r++;
    }
  });
  return { source, moved };
}

/** Pairs compared per chunk between checkpoints (about 0.1 s of work), and per call to a worker. */
const COMPARE_CHUNK = 1 << 16;
/**
 * Below this many pairs the default is to compare in this thread: starting two workers (a thread
 * each, tsx registered inside it, the kernel loaded: 1.1 to 1.4 s together) and shipping them the
 * columns cost more than they save. Linking 100,000 x 100,000 (5.1 million pairs) compared in
 * 2.6 s in one thread and 3.2 s with two; de-duplicating a million records (13.8 million pairs)
 * in 21.4 s and 16.3 s (docs/design.md, "At scale").
 */
export const PARALLEL_MIN_PAIRS = 1 << 23;

/** How many workers compare `pairs` pairs under these options (1: this thread). */
export function compareWorkers(pairs: number, workers: number | undefined): number {
  if (workers !== undefined) return Math.max(1, Math.floor(workers));
  return pairs >= PARALLEL_MIN_PAIRS ? parallelism() : 1;
}

async function compareInto(
  vectors: Uint8Array,
  kernel: {
    frame: Frame;
    comparisons: readonly Comparison[];
    compiled: ReturnType<typeof compileComparisons>;
  },
  pairs: CandidatePairs,
  from: number,
  { signal, onProgress, workers }: Pick<LinkageOptions, 'signal' | 'onProgress' | 'workers'>,
): Promise<void> {
  const { compiled } = kernel;
  const k = compiled.k;
  const remaining = pairs.count - from;
  const threads = Math.min(compareWorkers(remaining, workers), Math.ceil(remaining / COMPARE_CHUNK));
  const host = threads > 1 && k > 0 ? workerHost() : null;
  if (host) {
    const report = (done: number) =>
      onProgress?.({
        stage: 'compare',
        message: 'comparing candidate pairs',
        fraction: (from + done) / pairs.count,
      });
    try {
      await compareInParallel(kernel.frame, kernel.comparisons, pairs, from, vectors, {
        host,
        workers: threads,
        chunk: COMPARE_CHUNK,
        signal,
        onChunk: report,
      });
    } catch (error) {
      throwIfAborted(signal);
      throw error;
    }
    return;
  }
  for (let start = from; start < pairs.count; start += COMPARE_CHUNK) {
    const end = Math.min(pairs.count, start + COMPARE_CHUNK);
    vectors.set(
      compiled.vectors(pairs.left.subarray(start, end), pairs.right.subarray(start, end)),
      start * k,
    );
    onProgress?.({ stage: 'compare', message: 'comparing candidate pairs', fraction: end / pairs.count });
    await checkpoint(signal);
  }
}

function finish(
  frame: Frame,
  model: Model,
  pairs: CandidatePairs,
  vectors: Uint8Array,
  decisionOf: Map<number, Decision>,
  options: LinkageOptions,
  timer: StageTimer,
  /** Where the weights are written (room for at least every pair). */
  weights: Float64Array,
): LinkageResult {
  const threshold = options.threshold ?? 0.5;
  options.onProgress?.({ stage: 'predict', message: 'scoring candidate pairs' });
  const predictions = predict(frame, model, pairs, vectors, weights);
  timer.lap('predict');

  const thresholdWeight = weightFromProbability(threshold);
  const isLink =
    decisionOf.size === 0
      ? (p: number) => predictions.weights[p] >= thresholdWeight
      : (p: number) => {
          const decision = decisionOf.get(p);
          if (decision === 'same') return true;
          if (decision === 'not_same') return false;
          return predictions.weights[p] >= thresholdWeight;
        };
  // A pair decided "not the same" is never a link, so clustering never joins it directly.
  const clusters = connectedComponents(frame.n, pairs.left, pairs.right, pairs.count, isLink);
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
    decisionOf,
    isLink,
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

/**
 * Attaches clerical decisions to candidate pairs by record id, adding any pair decided "same"
 * that blocking did not produce, so that it is scored, reported and clustered like the others.
 */
function withDecisions(
  frame: Frame,
  pairs: CandidatePairs,
  decisions: readonly PairDecision[],
): { pairs: CandidatePairs; decisionOf: Map<number, Decision> } {
  const decisionOf = new Map<number, Decision>();
  if (decisions.length === 0) return { pairs, decisionOf };
  const leftIndex = new Map<string, number>();
  const rightIndex = new Map<string, number>();
  frame.ids.forEach((id, i) => {
    if (i < frame.nLeft) leftIndex.set(id, i);
    if (frame.linkType === 'dedupe' || i >= frame.nLeft) rightIndex.set(id, i);
  });
  const wanted = new Map<string, Decision>(decisions.map((d) => [pairKey(d.leftId, d.rightId), d.decision]));
  // Only pairs of a record named in a decision can have one: mark those records, so that the
  // millions of other pairs cost one byte read each instead of a string key.
  const named = new Uint8Array(frame.n);
  for (const d of decisions) {
    for (const index of [leftIndex, rightIndex]) {
      const i = index.get(d.leftId);
      if (i !== undefined) named[i] = 1;
    }
  }
  const found = new Set<string>();
  for (let p = 0; p < pairs.count; p++) {
    if (named[pairs.left[p]] === 0 && named[pairs.right[p]] === 0) continue;
    const k = pairKey(frame.ids[pairs.left[p]], frame.ids[pairs.right[p]]);
    let d = wanted.get(k);
    // A dedupe pair may be written either way round.
    if (d === undefined && frame.linkType === 'dedupe')
      d = wanted.get(pairKey(frame.ids[pairs.right[p]], frame.ids[pairs.left[p]]));
    if (d !== undefined) {
      decisionOf.set(p, d);
      found.add(k);
    }
  }
  const extra = decisions.filter((d) => {
    if (d.decision !== 'same' || found.has(pairKey(d.leftId, d.rightId))) return false;
    return leftIndex.has(d.leftId) && rightIndex.has(d.rightId) && d.leftId !== d.rightId;
  });
  if (extra.length === 0) return { pairs, decisionOf };
  const count = pairs.count + extra.length;
  // The arrays may have room beyond their pairs (the caller reserved it); else they grow.
  let { left, right, rule } = pairs;
  if (left.length < count || right.length < count || rule.length < count) {
    left = new Int32Array(count);
    right = new Int32Array(count);
    rule = new Uint8Array(count);
    left.set(pairs.left.subarray(0, pairs.count));
    right.set(pairs.right.subarray(0, pairs.count));
    rule.set(pairs.rule.subarray(0, pairs.count));
  }
  extra.forEach((d, q) => {
    const p = pairs.count + q;
    left[p] = leftIndex.get(d.leftId)!;
    right[p] = rightIndex.get(d.rightId)!;
    rule[p] = 255; // made by a decision, not by a blocking rule
    decisionOf.set(p, 'same');
  });
  return { pairs: { ...pairs, left, right, rule, count }, decisionOf };
}
