import type { CanonicalField } from '../../shared/person';
import {
  type DatasetInfo,
  type Decision,
  type EngineError,
  fail,
  type LookupQuery,
  type LookupResult,
  type Outcome,
  ok,
  type RecordKey,
  type RunInfo,
  type RunKind,
  recordKey,
  SIDES,
  type Side,
  splitRecordKey,
} from '../../shared/workspace';
import { PairCapError } from '../block';
import { parseIsoDate } from '../continuity';
import { type AuditBody, EMPTY_SNAPSHOT, Governance, type GovernanceMethods } from '../governance';
import { levelWeights, priorWeight } from '../model';
import { concatTables, normaliseTable, selectRows, todayYmd } from '../normalise';
import { probabilityFromWeight } from '../predict';
import { type PairDecision, pairKey } from '../review';
import {
  AuditConflictError,
  type Commit,
  type IdleClock,
  type PendingOperation,
  StorageFullError,
  StorageUnavailableError,
  type Store,
  type StoredModel,
  StoreLockedError,
  UndecryptableError,
} from '../store';
import { datasetInfo, prepareDataset, rawRows, storedRecords } from '../workspace/dataset-file';
import { LookupIndex } from '../workspace/lookup';
import { releaseOutcome, storedResults } from '../workspace/results';
import { datasetsOn, sideTable, stateFromSnapshot, type WorkspaceState } from '../workspace/state';
import { packedContinuityOf } from './continuity';
import { ContinuityViews } from './continuity-view';
import { DuplicateFinder, duplicateDecision } from './duplicates';
import type {
  ChangeSummary,
  EngineApi,
  ImportPreview,
  ImportRequest,
  ReviewItem,
  WorkspaceStatus,
} from './engine-api';
import { inspectImport } from './import-inspect';
import { extendLinkage, type LinkageResult, runLinkage } from './linkage';
import { CancelledError, type ProgressCallback, StageTimer } from './progress';
import { reviewProgress } from './review-progress';

export interface EngineOptions {
  /** The clock, for timestamps and today's date (tests fix it). */
  now?: () => Date;
  /**
   * Rebuild the match index in the background this many ms after start when there are stored
   * results (a restart), so that the first change after it is incremental instead of a full
   * re-run. Off when absent (the tests control when matching happens).
   */
  warmUpAfterMs?: number;
  /** Look for data past its retention period this often (ms) while running; at start and unlock only when absent. */
  retentionCheckEveryMs?: number;
  /** Timers of the idle lock (encryption at rest; tests move time). */
  idleClock?: IdleClock;
  /** PBKDF2 iterations for new encryption keys (tests only: the default is cipher.ts's 600,000). */
  kdfIterations?: number;
}

const AS_OF_SETTING = 'asOf';

/**
 * The engine over a store: one instance per device (the shared worker), the only writer. Every
 * change builds the next workspace state in memory, matches only what changed against the
 * in-memory index, stores the whole change in one transaction, and only then makes it current.
 * Changes run one at a time, in the order they were asked for; lookups read the current state.
 */
export async function createEngine(store: Store, options: EngineOptions = {}): Promise<EngineApi> {
  const now = options.now ?? (() => new Date());
  // Profiles, the audit trail's head, retention and encryption (engine/governance). With
  // encryption on the engine starts locked, with nothing loaded, until `unlock`.
  const governance = await Governance.open(store, { ...options, now });
  const snapshot = governance.locked ? EMPTY_SNAPSHOT : await store.load();
  const engine = new Engine(store, stateFromSnapshot(snapshot), snapshot.pending, now);
  engine.asOfSetting = (await store.getSetting<string>(AS_OF_SETTING)) ?? null;
  engine.governance = governance;
  engine.warmUpAfterMs = options.warmUpAfterMs;
  if (options.warmUpAfterMs !== undefined) engine.scheduleWarmUp(options.warmUpAfterMs);
  return governance.attach(engine.hooks(), engine.api());
}

interface Relinked {
  linkage: LinkageResult | null;
  results: WorkspaceState['results'];
  incremental: boolean;
  timings: { stage: string; ms: number }[];
}

class Engine {
  /** The full candidate index of the current state; null until a change or a run needs it. */
  private index: LinkageResult | null = null;
  /**
   * Set when a change took the index (an increment reuses its buffers) and has not yet stored
   * the result that replaces it: if the change fails, the index is rebuilt in the background.
   */
  private indexTaken = false;
  warmUpAfterMs: number | undefined;
  private lookupIndex: LookupIndex | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly controllers = new Map<string, AbortController>();
  private runCounter = 0;
  asOfSetting: string | null = null;
  /** Audits every commit (and guards the surface); null only in a bare engine. */
  governance: Governance | null = null;

  constructor(
    private readonly store: Store,
    private state: WorkspaceState,
    private interrupted: PendingOperation | null,
    private readonly now: () => Date,
  ) {}

  /**
   * Queues a full run with the active model that only builds the in-memory index (the stored
   * results already describe the same data, so nothing is stored). A change queued before it
   * builds the index itself, and the warm-up then has nothing to do.
   */
  scheduleWarmUp(afterMs: number): void {
    setTimeout(() => {
      void this.change(null, undefined, async (signal) => {
        const model = this.state.model;
        if (this.index || !model || !this.state.results) return ok(undefined);
        if (SIDES.some((s) => datasetsOn(this.state, s).length === 0)) return ok(undefined);
        const tables = [sideTable(this.state, 'releases'), sideTable(this.state, 'treatment')];
        this.index = await runLinkage(tables, {
          model: model.model,
          decisions: this.state.decisions,
          threshold: this.state.rule.reviewThresholds.lower,
          signal,
        });
        return ok(undefined);
      });
    }, afterMs);
  }

  /** What the governance layer drives: the queue, a dataset's removal, and the state itself. */
  hooks() {
    return {
      state: () => this.state,
      change: <T>(work: (signal: AbortSignal) => Promise<Outcome<T>>) => this.change(null, undefined, work),
      removeDataset: (datasetId: string, signal: AbortSignal) => this.removeDataset(datasetId, signal),
      load: (snapshot: typeof EMPTY_SNAPSHOT) => {
        this.state = stateFromSnapshot(snapshot);
        this.interrupted = snapshot.pending;
        this.index = null;
        this.lookupIndex = null;
      },
    };
  }

  api(): Omit<EngineApi, keyof GovernanceMethods> {
    const continuityViews = new ContinuityViews();
    const duplicates = new DuplicateFinder();
    const view = () => ({
      state: this.state,
      store: this.store,
      asOfSetting: this.asOfSetting,
      now: this.now,
    });
    return {
      status: () => this.status(),
      previewImport: (request) => this.previewImport(request),
      inspectImport: (request) => inspectImport(request),
      importDataset: (request, opId, onProgress) =>
        this.change({ kind: 'import', label: request.fileName }, opId, (signal) =>
          this.importDataset(request, signal, onProgress),
        ),
      putRecord: (datasetId, record) =>
        this.change({ kind: 'record', label: datasetId }, undefined, (signal) =>
          this.putRecord(datasetId, record, signal),
        ),
      removeDataset: (datasetId, opId, onProgress) =>
        this.change({ kind: 'remove', label: datasetId }, opId, (signal) =>
          this.removeDataset(datasetId, signal, onProgress),
        ),
      link: (linkOptions, opId, onProgress) =>
        this.change({ kind: 'link', label: 'link' }, opId, (signal) =>
          this.link(linkOptions ?? {}, signal, onProgress),
        ),
      setAsOf: (asOf) => this.change(null, undefined, (signal) => this.setAsOf(asOf, signal)),
      reviewQueue: (o) => this.reviewQueue(o?.limit ?? 50),
      reviewProgress: async () => reviewProgress(this.state),
      decide: (leftKey, rightKey, decision, by, reason) =>
        this.change(null, undefined, (signal) =>
          this.decide(leftKey, rightKey, decision, by, reason ?? '', signal),
        ),
      lookup: async (query) => {
        const [result] = this.lookups([query]);
        return ok(result);
      },
      lookupBatch: async (queries) => ok(this.lookups(queries)),
      records: async (keys) =>
        guardStorage(async () => ok(await this.store.records(keys.map(splitRecordKey)))),
      runs: (limit) => this.store.runs(limit),
      acknowledgeInterrupted: async () => {
        await this.store.clearPending();
        this.interrupted = null;
      },
      continuityReport: () => continuityViews.report(view()),
      searchWorklist: (query) => continuityViews.search(view(), query),
      exportContinuity: (request) => continuityViews.export(view(), request),
      findDuplicates: (request, opId, onProgress) =>
        this.change(null, opId, (signal) => duplicates.find(view(), request, signal, onProgress)),
      decideDuplicate: (aKey, bKey, decision, by, reason) =>
        this.change(null, undefined, async () => {
          const made = duplicateDecision(this.state, aKey, bKey, decision, by, reason ?? '', this.now());
          if (!made.ok) return made;
          const { entry, decisions, run } = made.value;
          await this.commit({ ...this.state, decisions }, { putDecisions: [entry], addRuns: [run] }, null);
          return ok(entry);
        }),
      exportMergeList: (side) => duplicates.mergeList(view(), side),
      cancel: async (opId) => {
        this.controllers.get(opId)?.abort();
      },
    };
  }

  // ---- reading ----

  private async status(): Promise<WorkspaceStatus> {
    const { datasets, results, model } = this.state;
    const records = { releases: 0, treatment: 0 } as Record<Side, number>;
    for (const d of datasets) records[d.side] += d.rowCount;
    const [lastRun] = await this.store.runs(1).catch(() => [] as RunInfo[]);
    return {
      datasets: [...datasets],
      model: model ? { id: model.id, createdAt: model.createdAt } : null,
      records,
      pairs: results?.pairs.left.length ?? 0,
      links: results ? this.linkCount() : 0,
      resultsVersion: results?.version ?? 0,
      indexReady: this.index !== null,
      interrupted: this.interrupted,
      lastRun: lastRun ?? null,
    };
  }

  private linkCount(): number {
    const results = this.state.results;
    if (!results) return 0;
    const lower = this.state.rule.reviewThresholds.lower;
    let n = 0;
    for (const w of results.pairs.weights) if (probabilityFromWeight(w) >= lower) n++;
    return n;
  }

  private lookups(queries: readonly LookupQuery[]): LookupResult[] {
    this.lookupIndex ??= new LookupIndex(this.state);
    return this.lookupIndex.lookup(queries);
  }

  private async previewImport(
    request: Omit<ImportRequest, 'side' | 'name' | 'replaces'>,
  ): Promise<Outcome<ImportPreview>> {
    const prepared = await prepareDataset(request);
    if (!prepared.ok)
      return ok({
        fileName: request.fileName,
        format: request.fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv',
        rowCount: 0,
        assignments: [],
        sample: [],
        problems: prepared.issues,
        quality: [],
      });
    const { raw, table } = prepared.value;
    const sample = Array.from({ length: Math.min(10, raw.rowCount) }, (_, r) => {
      const row: Record<string, string> = {};
      for (const a of raw.assignments)
        row[a.header] = (a.field ? raw.columns[a.field] : raw.extras[a.header])?.[r] ?? '';
      return row;
    });
    return ok({
      fileName: request.fileName,
      format: raw.format,
      rowCount: raw.rowCount,
      assignments: raw.assignments,
      sample,
      problems: [],
      quality: table.quality,
    });
  }

  private async reviewQueue(limit: number): Promise<Outcome<ReviewItem[]>> {
    const { results, model, rule, decisions } = this.state;
    if (!results || !model) return ok([]);
    const decided = new Set(decisions.map((d) => pairKey(d.leftId, d.rightId)));
    const { lower, upper } = rule.reviewThresholds;
    const urgency = (p: number) => {
      const o = releaseOutcome(results, results.pairs.left[p]);
      const awaiting = o?.status === 'awaiting' ? 0 : 1;
      return awaiting * 1e6 - (o?.daysSinceRelease ?? 0);
    };
    const open: number[] = [];
    for (let p = 0; p < results.pairs.left.length; p++) {
      const pr = probabilityFromWeight(results.pairs.weights[p]);
      if (
        pr >= lower &&
        pr < upper &&
        !decided.has(pairKey(results.keys[results.pairs.left[p]], results.keys[results.pairs.right[p]]))
      )
        open.push(p);
    }
    open.sort((a, b) => urgency(a) - urgency(b) || results.pairs.weights[b] - results.pairs.weights[a]);
    const chosen = open.slice(0, limit);
    const keys = chosen.flatMap((p) => [
      results.keys[results.pairs.left[p]],
      results.keys[results.pairs.right[p]],
    ]);
    const records = await guardStorage(async () => ok(await this.store.records(keys.map(splitRecordKey))));
    if (!records.ok) return records;
    const byKey = new Map(records.value.map((r) => [recordKey(r.datasetId, r.recordId), r]));
    const weights = levelWeights(model.model);
    const k = results.pairs.k;
    return ok(
      chosen.map((p) => {
        const leftKey = results.keys[results.pairs.left[p]];
        const rightKey = results.keys[results.pairs.right[p]];
        const contributions = model.model.comparisons.map((c, ci) => {
          const level = results.pairs.vectors[p * k + ci];
          return { comparison: c.label, level: c.levels[level].label, weight: weights[ci][level] };
        });
        const prior = priorWeight(model.model.probabilityTwoRandomRecordsMatch);
        const explained = contributions.reduce((s, c) => s + c.weight, prior);
        contributions.unshift({ comparison: 'Prior', level: 'two records at random', weight: prior });
        const tf = results.pairs.weights[p] - explained;
        if (Math.abs(tf) > 1e-9)
          contributions.push({
            comparison: 'Term frequency',
            level: 'how common the values are',
            weight: tf,
          });
        return {
          leftKey,
          rightKey,
          probability: probabilityFromWeight(results.pairs.weights[p]),
          weight: results.pairs.weights[p],
          decision: null,
          contributions,
          left: byKey.get(leftKey) ?? null,
          right: byKey.get(rightKey) ?? null,
        };
      }),
    );
  }

  // ---- changing ----

  /**
   * Runs a change after the ones before it, with cancellation, the pending-operation marker
   * (so an interrupted change is reported after a restart) and errors turned into values.
   */
  private change<T>(
    pending: PendingOperation['kind'] extends infer K
      ? { kind: K & PendingOperation['kind']; label: string } | null
      : never,
    opId: string | undefined,
    work: (signal: AbortSignal) => Promise<Outcome<T>>,
  ): Promise<Outcome<T>> {
    const controller = new AbortController();
    if (opId) this.controllers.set(opId, controller);
    const run = async (): Promise<Outcome<T>> => {
      try {
        if (pending) await this.store.begin({ ...pending, startedAt: this.now().toISOString() });
        const outcome = await work(controller.signal);
        if (!outcome.ok && pending) await this.store.clearPending().catch(() => undefined);
        return outcome;
      } catch (e) {
        if (pending) await this.store.clearPending().catch(() => undefined);
        return fail(asEngineError(e));
      } finally {
        if (opId) this.controllers.delete(opId);
        if (this.indexTaken) {
          this.indexTaken = false;
          if (this.warmUpAfterMs !== undefined) this.scheduleWarmUp(this.warmUpAfterMs);
        }
      }
    };
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stores the change (with its audit entries), then makes the new state current. */
  private async commit(
    next: WorkspaceState,
    change: Commit,
    relinked: Relinked | null,
    audit: AuditBody[] = [],
  ): Promise<void> {
    if (this.governance)
      await this.governance.commit(this.state, next, { ...change, clearPending: true }, audit);
    else await this.store.commit({ ...change, clearPending: true });
    this.state = next;
    if (relinked) {
      this.index = relinked.linkage;
      this.indexTaken = false;
    }
    this.lookupIndex = null;
    this.interrupted = null;
  }

  private async importDataset(
    request: ImportRequest,
    signal: AbortSignal,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>> {
    if (!SIDES.includes(request.side))
      return fail({ kind: 'invalid-input', message: `Unknown side "${request.side}".`, issues: [] });
    const replaced = request.replaces
      ? this.state.datasets.find((d) => d.id === request.replaces)
      : undefined;
    if (request.replaces && !replaced) return notFound(`dataset ${request.replaces}`);
    if (replaced && replaced.side !== request.side)
      return fail({
        kind: 'conflict',
        message: `${replaced.name} holds ${replaced.side}, not ${request.side}.`,
      });
    const started = this.now();
    onProgress?.({ stage: 'read', message: `reading ${request.fileName}` });
    const id = replaced?.id ?? this.newDatasetId();
    const reading = new StageTimer();
    const prepared = await prepareDataset(request);
    reading.lap('read and normalise');
    if (!prepared.ok) {
      const shown = prepared.issues.slice(0, 3).map((i) => i.detail || i.code);
      return fail({
        kind: 'invalid-input',
        message: `${request.fileName} was not imported: ${prepared.issues.length} problem(s). ${shown.join('; ')}`,
        issues: prepared.issues,
      });
    }
    if (signal.aborted) throw new CancelledError();
    const info = datasetInfo(
      id,
      request.side,
      request,
      prepared.value,
      started.toISOString(),
      replaced?.importedAt,
    );
    const datasets = replaced
      ? this.state.datasets.map((d) => (d.id === id ? info : d))
      : [...this.state.datasets, info];
    const tables = new Map(this.state.tables).set(id, prepared.value.table);
    // Decisions are kept by record key, so they survive a replacement that keeps the record ids.
    const next: WorkspaceState = { ...this.state, datasets, tables };
    const fresh = new Set(prepared.value.table.ids.map((r) => recordKey(id, r)));
    return this.apply('import', started, next, fresh, {
      change: {
        putDatasets: [info],
        putTables: [{ datasetId: id, table: prepared.value.table }],
        clearRecordsOf: replaced ? [id] : undefined,
        putRecords: storedRecords(prepared.value.raw, prepared.value.table, id),
      },
      counts: { rows: info.rowCount },
      before: reading.stages,
      dataset: info,
      signal,
      onProgress,
    });
  }

  private async putRecord(
    datasetId: string,
    record: { recordId: string; fields: Partial<Record<CanonicalField, string>> },
    signal: AbortSignal,
  ): Promise<Outcome<ChangeSummary>> {
    const dataset = this.state.datasets.find((d) => d.id === datasetId);
    const table = this.state.tables.get(datasetId);
    if (!dataset || !table) return notFound(`dataset ${datasetId}`);
    const started = this.now();
    const raw = rawRows(dataset.name, [record]);
    const one = normaliseTable(raw, { dateOrder: dataset.dateOrder });
    if (!one.ok)
      return fail({
        kind: 'invalid-input',
        message: `The record was not saved: ${one.issues.map((i) => i.detail || i.code).join('; ')}`,
        issues: one.issues,
      });
    const others = table.ids.flatMap((id, r) => (id === record.recordId ? [] : [r]));
    const updated = concatTables([selectRows(table, others), one.value], { file: table.file });
    const info: DatasetInfo = { ...dataset, rowCount: updated.n, updatedAt: started.toISOString() };
    const next: WorkspaceState = {
      ...this.state,
      datasets: this.state.datasets.map((d) => (d.id === datasetId ? info : d)),
      tables: new Map(this.state.tables).set(datasetId, updated),
    };
    return this.apply('increment', started, next, new Set([recordKey(datasetId, record.recordId)]), {
      change: {
        putDatasets: [info],
        putTables: [{ datasetId, table: updated }],
        putRecords: storedRecords(raw, one.value, datasetId),
      },
      counts: { rows: 1 },
      dataset: info,
      signal,
    });
  }

  private async removeDataset(
    datasetId: string,
    signal: AbortSignal,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>> {
    if (!this.state.datasets.some((d) => d.id === datasetId)) return notFound(`dataset ${datasetId}`);
    const started = this.now();
    const tables = new Map(this.state.tables);
    tables.delete(datasetId);
    const mine = (key: string) => splitRecordKey(key).datasetId === datasetId;
    const next: WorkspaceState = {
      ...this.state,
      datasets: this.state.datasets.filter((d) => d.id !== datasetId),
      tables,
      decisions: this.state.decisions.filter((d) => !mine(d.leftId) && !mine(d.rightId)),
    };
    // The decisions on its records go from storage too, or they would come back after a restart.
    const decided = this.state.decisions.filter((d) => mine(d.leftId) || mine(d.rightId));
    return this.apply('remove', started, next, new Set(), {
      change: {
        deleteDatasets: [datasetId],
        deleteDecisions: decided.map(({ leftId, rightId }) => ({ leftId, rightId })),
      },
      signal,
      onProgress,
    });
  }

  private async link(
    options: { retrain?: boolean; seed?: number; workers?: number },
    signal: AbortSignal,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>> {
    const missing = SIDES.filter((s) => datasetsOn(this.state, s).length === 0);
    if (missing.length > 0)
      return fail({ kind: 'not-ready', message: `Import ${missing.join(' and ')} data before linking.` });
    const started = this.now();
    const releases = sideTable(this.state, 'releases');
    const treatment = sideTable(this.state, 'treatment');
    const reuse = options.retrain ? undefined : this.state.model?.model;
    const linkage = await runLinkage([releases, treatment], {
      model: reuse,
      seed: options.seed,
      workers: options.workers,
      decisions: this.state.decisions,
      threshold: this.state.rule.reviewThresholds.lower,
      signal,
      onProgress,
    });
    const model: StoredModel =
      reuse && this.state.model
        ? this.state.model
        : {
            id: `model-${started.getTime().toString(36)}`,
            createdAt: started.toISOString(),
            model: linkage.model,
            trainedOn: this.state.datasets.map((d) => ({ datasetId: d.id, sha256: d.sha256 })),
          };
    const next: WorkspaceState = { ...this.state, model };
    const continuity = packedContinuityOf(linkage, releases, treatment, next.rule, this.asOf());
    const run = this.runInfo('link', started, next, null, {});
    const results = storedResults(linkage, continuity, {
      version: (this.state.results?.version ?? 0) + 1,
      runId: run.id,
      modelId: model.id,
    });
    const relinked: Relinked = { linkage, results, incremental: false, timings: linkage.timings };
    run.timings = linkage.timings;
    Object.assign(run.counts, this.counts(relinked));
    await this.commit(
      { ...next, results },
      {
        putModel: model === this.state.model ? undefined : model,
        activeModelId: model.id,
        results,
        addRuns: [run],
      },
      relinked,
    );
    return ok(this.summary(run, relinked));
  }

  private async decide(
    leftKey: RecordKey,
    rightKey: RecordKey,
    decision: Decision,
    by: string,
    reason: string,
    signal: AbortSignal,
  ): Promise<Outcome<ChangeSummary>> {
    const sideOf = (key: RecordKey) =>
      this.state.datasets.find((d) => d.id === splitRecordKey(key).datasetId)?.side;
    let [l, r] = [leftKey, rightKey];
    if (sideOf(l) === 'treatment' && sideOf(r) === 'releases') [l, r] = [r, l];
    if (sideOf(l) !== 'releases' || sideOf(r) !== 'treatment')
      return notFound('a release record and a treatment record with these keys');
    if (!by.trim())
      return fail({
        kind: 'invalid-input',
        message: 'A decision needs the name of who made it.',
        issues: [],
      });
    const started = this.now();
    const entry: PairDecision = {
      leftId: l,
      rightId: r,
      decision,
      by,
      reason,
      decidedAt: started.toISOString(),
    };
    const decisions = [...this.state.decisions.filter((d) => d.leftId !== l || d.rightId !== r), entry];
    const next: WorkspaceState = { ...this.state, decisions };
    return this.apply('decision', started, next, new Set(), { change: { putDecisions: [entry] }, signal });
  }

  private async setAsOf(
    asOf: string | null,
    signal: AbortSignal,
  ): Promise<Outcome<{ resultsVersion: number }>> {
    if (asOf !== null && parseIsoDate(asOf) === null)
      return fail({ kind: 'invalid-input', message: `"${asOf}" is not a date (yyyy-mm-dd).`, issues: [] });
    await this.store.putSetting(AS_OF_SETTING, asOf);
    const setting: AuditBody = {
      action: 'settings-change',
      details: { setting: 'asOf', from: this.asOfSetting, to: asOf },
    };
    this.asOfSetting = asOf;
    const relinked = await this.relink(this.state, new Set(), signal);
    await this.commit({ ...this.state, results: relinked.results }, { results: relinked.results }, relinked, [
      setting,
    ]);
    return ok({ resultsVersion: relinked.results?.version ?? 0 });
  }

  /**
   * The common end of every change to the data: match what changed, record the run, store the
   * change with its results and run in one transaction, then make the new state current.
   */
  private async apply(
    kind: RunKind,
    started: Date,
    next: WorkspaceState,
    fresh: ReadonlySet<string>,
    options: {
      change: Commit;
      counts?: Record<string, number>;
      /** Stage times measured before matching (reading the file). */
      before?: { stage: string; ms: number }[];
      dataset?: DatasetInfo;
      signal: AbortSignal;
      onProgress?: ProgressCallback;
    },
  ): Promise<Outcome<ChangeSummary>> {
    const relinked = await this.relink(next, fresh, options.signal, options.onProgress);
    const run = this.runInfo(kind, started, next, relinked, options.counts ?? {});
    run.timings.unshift(...(options.before ?? []));
    const storing = new StageTimer();
    await this.commit(
      { ...next, results: relinked.results },
      { ...options.change, results: relinked.results, addRuns: [run] },
      relinked,
    );
    storing.lap('store');
    // The stored run cannot hold the time it took to store itself; the caller is told it.
    const told = { ...run, timings: [...run.timings, ...storing.stages] };
    return ok(this.summary(told, relinked, options.dataset));
  }

  /**
   * Matches what changed: with the index in memory only the fresh records are blocked and
   * compared; without it (after a restart) the whole workspace is re-run with the active model,
   * which gives the same result. Without a model or with a side empty there is nothing to link.
   */
  private async relink(
    next: WorkspaceState,
    fresh: ReadonlySet<string>,
    signal: AbortSignal,
    onProgress?: ProgressCallback,
  ): Promise<Relinked> {
    const model = next.model;
    if (!model || SIDES.some((s) => datasetsOn(next, s).length === 0))
      return { linkage: null, results: null, incremental: false, timings: [] };
    const timer = new StageTimer();
    const releases = sideTable(next, 'releases');
    const treatment = sideTable(next, 'treatment');
    timer.lap('stack datasets');
    const options = {
      decisions: next.decisions,
      threshold: next.rule.reviewThresholds.lower,
      signal,
      onProgress,
    };
    // The increment takes the index over (it reuses its buffers): from here until the change is
    // stored there is none, and a change that fails leaves the next one to re-run everything.
    const index = this.index;
    this.index = null;
    this.indexTaken = index !== null;
    const linkage = index
      ? await extendLinkage(index, [releases, treatment], fresh, options)
      : await runLinkage([releases, treatment], { ...options, model: model.model });
    const linked = new StageTimer();
    const continuity = packedContinuityOf(linkage, releases, treatment, next.rule, this.asOf());
    linked.lap('continuity');
    const results = storedResults(linkage, continuity, {
      version: (this.state.results?.version ?? 0) + 1,
      runId: `run-${this.now().getTime().toString(36)}-${this.runCounter + 1}`,
      modelId: model.id,
    });
    linked.lap('results');
    return {
      linkage,
      results,
      incremental: index !== null,
      timings: [...timer.stages, ...linkage.timings, ...linked.stages],
    };
  }

  private asOf(): number {
    return (this.asOfSetting && parseIsoDate(this.asOfSetting)) || todayYmd(this.now());
  }

  private newDatasetId(): string {
    const base = `ds${this.now().getTime().toString(36)}`;
    let id = base;
    for (let n = 1; this.state.datasets.some((d) => d.id === id); n++) id = `${base}${n}`;
    return id;
  }

  private runInfo(
    kind: RunKind,
    started: Date,
    next: WorkspaceState,
    relinked: Relinked | null,
    counts: Record<string, number>,
  ): RunInfo {
    this.runCounter++;
    return {
      id: relinked?.results?.runId ?? `run-${started.getTime().toString(36)}-${this.runCounter}`,
      kind,
      startedAt: started.toISOString(),
      finishedAt: this.now().toISOString(),
      inputs: next.datasets.map((d) => ({
        datasetId: d.id,
        fileName: d.fileName,
        sha256: d.sha256,
        rowCount: d.rowCount,
      })),
      modelId: next.model?.id ?? null,
      rule: { id: next.rule.name, version: next.rule.version },
      thresholds: { ...next.rule.reviewThresholds },
      timings: relinked?.timings ?? [],
      counts: { ...counts, ...(relinked ? this.counts(relinked) : {}) },
    };
  }

  private counts(relinked: Relinked): Record<string, number> {
    const linkage = relinked.linkage;
    if (!linkage) return {};
    let links = 0;
    for (let p = 0; p < linkage.pairs.count; p++) if (linkage.isLink(p)) links++;
    return { records: linkage.frame.n, pairs: linkage.pairs.count, links };
  }

  private summary(run: RunInfo, relinked: Relinked, dataset?: DatasetInfo): ChangeSummary {
    return {
      ...(dataset ? { dataset } : {}),
      run,
      records: this.state.datasets.reduce((s, d) => s + d.rowCount, 0),
      pairs: run.counts.pairs ?? 0,
      links: run.counts.links ?? 0,
      incremental: relinked.incremental,
    };
  }
}

const notFound = <T>(what: string): Outcome<T> =>
  fail({ kind: 'not-found', message: `There is no ${what}.` });

async function guardStorage<T>(work: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await work();
  } catch (e) {
    return fail(asEngineError(e));
  }
}

/** Failures a user can meet become values; anything else is a bug and is rethrown. */
function asEngineError(e: unknown): EngineError {
  if (e instanceof CancelledError) return { kind: 'cancelled', message: 'Cancelled. Nothing was changed.' };
  if (e instanceof StorageFullError) return { kind: 'storage-full', message: e.message };
  if (e instanceof StorageUnavailableError) return { kind: 'storage-unavailable', message: e.message };
  if (e instanceof PairCapError) return { kind: 'invalid-input', message: e.message, issues: [] };
  if (e instanceof StoreLockedError) return { kind: 'locked', message: e.message };
  if (e instanceof UndecryptableError) return { kind: 'storage-unavailable', message: e.message };
  if (e instanceof AuditConflictError) return { kind: 'storage-unavailable', message: e.message };
  throw e;
}
