/**
 * De-duplication within one system (one side of the workspace): clusters of records that are
 * likely the same person, the clerical decisions on such pairs, and the merge list for the source
 * system's own merge function. Nothing here changes a source record.
 *
 * The model: a de-duplication model trained on that side's records alone, unsupervised, with a
 * fixed seed, not the link model. The link model's prior and u probabilities describe pairs of
 * a release and a treatment record; within one list both differ (how many duplicates a list holds,
 * how often two different clients of one provider share a hostel postcode), and a dedupe model may
 * compare every column the side has, not only those both sides share. It is what `throughline
 * dedupe` does (FEBRL1/2: F1 1.00 and 0.997). The run is cached until that side's datasets
 * change; a new decision re-scores the cached candidate pairs without blocking or comparing again.
 */
import Papa from 'papaparse';
import {
  type Decision,
  fail,
  type Outcome,
  ok,
  type RecordKey,
  type RunInfo,
  recordKey,
  type Side,
  type StoredRecord,
  splitRecordKey,
} from '../../shared/workspace';
import { UnionFind } from '../cluster';
import { levelWeights } from '../model';
import type { NormalisedTable } from '../normalise';
import { probabilityFromWeight } from '../predict';
import type { PairDecision } from '../review';
import type { Store } from '../store';
import { datasetsOn, sideTable, type WorkspaceState } from '../workspace/state';
import { csvFile } from './continuity-view';
import { extendLinkage, type LinkageResult, runLinkage } from './linkage';
import { type ProgressCallback, StageTimer } from './progress';
import type {
  DuplicateCluster,
  DuplicatePair,
  DuplicatesReport,
  DuplicatesRequest,
  ExportFile,
} from './report-types';

/** The seed of every de-duplication model, so that a run can be reproduced. */
export const DEDUPE_SEED = 1;
const DEFAULT_LIMIT = 20;
/** Records of one cluster sent to the page; a larger cluster is a chain worth breaking up by hand. */
const MAX_SHOWN_RECORDS = 12;

export interface DuplicatesContext {
  state: WorkspaceState;
  store: Store;
  now: () => Date;
}

interface ClusterSummary {
  id: number;
  members: number[];
  pairs: number[];
  undecided: boolean;
  best: number;
}

interface Cached {
  signature: string;
  threshold: number;
  decisions: string;
  table: NormalisedTable;
  linkage: LinkageResult;
  clusters: ClusterSummary[];
  timings: { stage: string; ms: number }[];
}

/** The datasets of a side as they are now: a cached run is good while this is unchanged. */
const sideSignature = (state: WorkspaceState, side: Side): string =>
  datasetsOn(state, side)
    .map((d) => `${d.id}:${d.sha256}:${d.updatedAt}:${d.rowCount}`)
    .join('|');

/** Decisions between two records of this side (a dedupe pair); link decisions are left out. */
export function sideDecisions(state: WorkspaceState, side: Side): PairDecision[] {
  const ids = new Set(datasetsOn(state, side).map((d) => d.id));
  return state.decisions.filter(
    (d) => ids.has(splitRecordKey(d.leftId).datasetId) && ids.has(splitRecordKey(d.rightId).datasetId),
  );
}

export class DuplicateFinder {
  private readonly cache = new Map<Side, Cached>();

  async find(
    ctx: DuplicatesContext,
    request: DuplicatesRequest,
    signal: AbortSignal,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<DuplicatesReport>> {
    const { state, store } = ctx;
    const { side } = request;
    if (side !== 'releases' && side !== 'treatment')
      return fail({ kind: 'invalid-input', message: `Unknown side "${side}".`, issues: [] });
    if (datasetsOn(state, side).length === 0)
      return fail({ kind: 'not-ready', message: `Import ${side} data before looking for duplicates.` });
    const threshold = request.threshold ?? state.rule.reviewThresholds.lower;
    if (!(threshold > 0 && threshold < 1))
      return fail({
        kind: 'invalid-input',
        message: 'The threshold is a probability between 0 and 1.',
        issues: [],
      });

    const signature = sideSignature(state, side);
    const decisions = sideDecisions(state, side);
    const decisionsKey = decisions
      .map((d) => `${d.leftId}\u0000${d.rightId}\u0000${d.decision}`)
      .sort()
      .join('\u0001');
    let entry = this.cache.get(side);
    const sameData = entry?.signature === signature && entry.threshold === threshold;
    const cached = sameData && entry?.decisions === decisionsKey;
    if (!entry || !cached) {
      const timer = new StageTimer();
      let linkage: LinkageResult;
      let table: NormalisedTable;
      if (entry && sameData) {
        // Only decisions changed: keep every candidate pair and its comparison vector.
        table = entry.table;
        onProgress?.({ stage: 'decisions', message: 'applying the decisions' });
        // The extension takes the cached linkage's buffers over: it is no longer cached until
        // the new one is (a cancel here leaves nothing cached, not a half-changed entry).
        this.cache.delete(side);
        linkage = await extendLinkage(entry.linkage, [table], new Set(), { decisions, threshold, signal });
      } else {
        onProgress?.({ stage: 'stack', message: `stacking the ${side} records` });
        table = sideTable(state, side);
        timer.lap('stack');
        linkage = await runLinkage([table], {
          seed: DEDUPE_SEED,
          decisions,
          threshold,
          workers: request.workers,
          signal,
          onProgress,
        });
      }
      entry = {
        signature,
        threshold,
        decisions: decisionsKey,
        table,
        linkage,
        clusters: summarise(linkage),
        timings: [...timer.stages, ...linkage.timings],
      };
      this.cache.set(side, entry);
    }

    const offset = Math.max(0, Math.floor(request.offset ?? 0));
    const limit = Math.max(1, Math.floor(request.limit ?? DEFAULT_LIMIT));
    const page = entry.clusters.slice(offset, offset + limit);
    const { frame } = entry.linkage;
    const keys = page.flatMap((c) => c.members.slice(0, MAX_SHOWN_RECORDS).map((i) => frame.ids[i]));
    let records: StoredRecord[];
    try {
      records = await store.records(keys.map(splitRecordKey));
    } catch (e) {
      return fail({ kind: 'storage-unavailable', message: (e as Error).message });
    }
    const byKey = new Map(records.map((r) => [recordKey(r.datasetId, r.recordId), r]));
    const counts = { same: 0, notSame: 0, unsure: 0 };
    for (const d of decisions) counts[d.decision === 'not_same' ? 'notSame' : d.decision]++;
    let recordsInClusters = 0;
    for (const c of entry.clusters) recordsInClusters += c.members.length;
    const model = entry.linkage.model;
    return ok({
      side,
      records: frame.n,
      recordsInClusters,
      clusterCount: entry.clusters.length,
      candidatePairs: entry.linkage.pairs.count,
      threshold,
      model:
        `trained on these ${frame.n.toLocaleString('en-GB')} records alone (unsupervised, seed ${DEDUPE_SEED}): ` +
        `${model.comparisons.length} comparisons, prior ${model.probabilityTwoRandomRecordsMatch.toExponential(2)}`,
      decisions: counts,
      offset,
      clusters: page.map((c) => clusterView(entry as Cached, c, byKey)),
      cached,
      timings: entry.timings,
    });
  }

  /** The merge list: groups of records decided "same person", one survivor each, as CSV. */
  async mergeList(ctx: DuplicatesContext, side: Side): Promise<Outcome<ExportFile>> {
    const { state, store } = ctx;
    const decisions = sideDecisions(state, side);
    const same = decisions.filter((d) => d.decision === 'same');
    const keys = [...new Set(same.flatMap((d) => [d.leftId, d.rightId]))];
    const index = new Map(keys.map((k, i) => [k, i]));
    const sets = new UnionFind(keys.length);
    for (const d of same) sets.union(index.get(d.leftId) as number, index.get(d.rightId) as number);
    const groups = new Map<number, number[]>();
    keys.forEach((_, i) => {
      const root = sets.find(i);
      groups.set(root, [...(groups.get(root) ?? []), i]);
    });
    let records: StoredRecord[];
    try {
      records = await store.records(keys.map(splitRecordKey));
    } catch (e) {
      return fail({ kind: 'storage-unavailable', message: (e as Error).message });
    }
    const byKey = new Map(records.map((r) => [recordKey(r.datasetId, r.recordId), r]));
    const datasetName = new Map(state.datasets.map((d) => [d.id, d.name]));
    const filled = (key: RecordKey) =>
      Object.values(byKey.get(key)?.fields ?? {}).filter((v) => v && v.trim() !== '').length;
    const rows: string[][] = [];
    let group = 0;
    const ordered = [...groups.values()].map((g) => g.map((i) => keys[i]).sort());
    ordered.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (const members of ordered) {
      group++;
      // The survivor: the record with the most fields filled in, then the one listed first.
      const survivor = [...members].sort((a, b) => filled(b) - filled(a))[0];
      const inGroup = new Set(members);
      const conflict = decisions.some(
        (d) => d.decision === 'not_same' && inGroup.has(d.leftId) && inGroup.has(d.rightId),
      );
      const s = splitRecordKey(survivor);
      for (const member of members) {
        if (member === survivor) continue;
        const m = splitRecordKey(member);
        const decided = same
          .filter((d) => d.leftId === member || d.rightId === member)
          .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt))[0];
        rows.push([
          String(group),
          datasetName.get(s.datasetId) ?? s.datasetId,
          s.recordId,
          datasetName.get(m.datasetId) ?? m.datasetId,
          m.recordId,
          decided?.by ?? '',
          decided?.decidedAt ?? '',
          decided?.reason ?? '',
          conflict ? 'Y' : 'N',
        ]);
      }
    }
    const text = `${Papa.unparse(
      { fields: [...MERGE_LIST_HEADER], data: rows },
      { newline: '\n', escapeFormulae: true },
    )}\n`;
    const day = ctx.now().toISOString().slice(0, 10);
    return ok(
      csvFile(
        `merge-list-${side}-${day}.csv`,
        rows.length ? text : `${MERGE_LIST_HEADER.join(',')}\n`,
        rows.length,
      ),
    );
  }
}

export const MERGE_LIST_HEADER = [
  'merge_group',
  'survivor_dataset',
  'survivor_id',
  'duplicate_dataset',
  'duplicate_id',
  'decided_by',
  'decided_at',
  'reason',
  'conflict',
] as const;

/**
 * Clusters of two or more records, ordered for review: those with an undecided pair first, then
 * larger ones, then surer ones; ties by the first record, so the order is stable between calls.
 */
function summarise(linkage: LinkageResult): ClusterSummary[] {
  const { clusters, pairs, frame, decisionOf, isLink, predictions } = linkage;
  const size = new Int32Array(clusters.count);
  for (let i = 0; i < frame.n; i++) size[clusters.clusterOf[i]]++;
  const byCluster = new Map<number, ClusterSummary>();
  for (let i = 0; i < frame.n; i++) {
    const c = clusters.clusterOf[i];
    if (size[c] < 2) continue;
    let s = byCluster.get(c);
    if (!s) {
      s = { id: i, members: [], pairs: [], undecided: false, best: 0 };
      byCluster.set(c, s);
    }
    s.members.push(i);
  }
  for (let p = 0; p < pairs.count; p++) {
    if (!isLink(p) && !decisionOf.has(p)) continue;
    const c = clusters.clusterOf[pairs.left[p]];
    const s = byCluster.get(c);
    if (!s || clusters.clusterOf[pairs.right[p]] !== c) continue;
    s.pairs.push(p);
    if (!decisionOf.has(p)) s.undecided = true;
    s.best = Math.max(s.best, predictions.weights[p]);
  }
  return [...byCluster.values()].sort(
    (a, b) =>
      Number(b.undecided) - Number(a.undecided) ||
      b.members.length - a.members.length ||
      b.best - a.best ||
      a.id - b.id,
  );
}

function clusterView(
  entry: Cached,
  summary: ClusterSummary,
  byKey: Map<string, StoredRecord>,
): DuplicateCluster {
  const { frame, pairs, predictions, decisionOf, vectors, model } = entry.linkage;
  const shown = summary.members.slice(0, MAX_SHOWN_RECORDS);
  const position = new Map(shown.map((i, k) => [i, k]));
  const weights = levelWeights(model);
  const k = model.comparisons.length;
  const keys = shown.map((i) => frame.ids[i]);
  const views: DuplicatePair[] = [];
  for (const p of summary.pairs) {
    const a = position.get(pairs.left[p]);
    const b = position.get(pairs.right[p]);
    if (a === undefined || b === undefined) continue;
    const steps: string[] = [];
    model.comparisons.forEach((c, ci) => {
      const level = vectors[p * k + ci];
      if (weights[ci][level] !== 0) steps.push(`${c.levels[level].label} (${weights[ci][level].toFixed(1)})`);
    });
    views.push({
      a,
      b,
      probability: probabilityFromWeight(predictions.weights[p]),
      decision: decisionOf.get(p) ?? null,
      evidence: steps.join('; '),
    });
  }
  views.sort((x, y) => x.a - y.a || x.b - y.b);
  return {
    id: summary.id,
    keys,
    records: keys.map((key) => {
      const found = byKey.get(key);
      if (found) return found;
      const { datasetId, recordId } = splitRecordKey(key);
      return { datasetId, recordId, row: 0, fields: {}, extras: {} };
    }),
    pairs: views,
  };
}

let decisionRuns = 0;

/**
 * A clerical decision on two records of the same side, ready to store: the keys in a fixed order
 * (so a pair has one entry whichever way round it was asked), any earlier decision on the pair
 * replaced, and a run record for the history. Refused for keys of different sides, unknown keys,
 * a record paired with itself, or no name of who decided.
 */
export function duplicateDecision(
  state: WorkspaceState,
  aKey: RecordKey,
  bKey: RecordKey,
  decision: Decision,
  by: string,
  reason: string,
  now: Date,
): Outcome<{ entry: PairDecision; decisions: PairDecision[]; run: RunInfo }> {
  if (decision !== 'same' && decision !== 'not_same' && decision !== 'unsure')
    return fail({ kind: 'invalid-input', message: `Unknown decision "${decision}".`, issues: [] });
  const sideOf = (key: RecordKey): Side | undefined => {
    const { datasetId, recordId } = splitRecordKey(key);
    const dataset = state.datasets.find((d) => d.id === datasetId);
    return dataset && state.tables.get(datasetId)?.ids.includes(recordId) ? dataset.side : undefined;
  };
  const side = sideOf(aKey);
  if (!side || sideOf(bKey) !== side || aKey === bKey)
    return fail({
      kind: 'not-found',
      message: 'There are no two different records of one system with these keys.',
    });
  if (!by.trim())
    return fail({ kind: 'invalid-input', message: 'A decision needs the name of who made it.', issues: [] });
  const [leftId, rightId] = aKey < bKey ? [aKey, bKey] : [bKey, aKey];
  const decidedAt = now.toISOString();
  const entry: PairDecision = { leftId, rightId, decision, by: by.trim(), reason, decidedAt };
  const decisions = [
    ...state.decisions.filter(
      (d) =>
        !(d.leftId === leftId && d.rightId === rightId) && !(d.leftId === rightId && d.rightId === leftId),
    ),
    entry,
  ];
  const run: RunInfo = {
    id: `run-${now.getTime().toString(36)}-dedupe-${++decisionRuns}`,
    kind: 'decision',
    startedAt: decidedAt,
    finishedAt: decidedAt,
    inputs: datasetsOn(state, side).map((d) => ({
      datasetId: d.id,
      fileName: d.fileName,
      sha256: d.sha256,
      rowCount: d.rowCount,
    })),
    modelId: null,
    rule: null,
    thresholds: null,
    timings: [],
    counts: { duplicateDecisions: 1 },
  };
  return ok({ entry, decisions, run });
}
