/**
 * The storage port in memory, for Node (the CLI) and the tests. It keeps to the same contract as
 * the Dexie store: values are copied on the way in and out, a commit is all or nothing, keys must
 * be strings (IndexedDB rejects a missing key, so this store does too), and listings come back in
 * key order as IndexedDB returns them.
 */
import type { DatasetInfo, RunInfo, StoredRecord } from '../../shared/workspace';
import type { NormalisedTable } from '../normalise';
import type { PairDecision } from '../review';
import type { Commit, PendingOperation, Snapshot, Store, StoredModel, StoredResults } from './port';

interface State {
  datasets: Map<string, DatasetInfo>;
  tables: Map<string, NormalisedTable>;
  /** datasetId to recordId to record, so clearing a dataset's records is one delete. */
  records: Map<string, Map<string, StoredRecord>>;
  models: Map<string, StoredModel>;
  activeModelId: string | null;
  results: StoredResults | null;
  /** Keyed by leftId and rightId joined with a NUL, which neither id can contain usefully. */
  decisions: Map<string, PairDecision>;
  runs: Map<string, RunInfo>;
  settings: Map<string, unknown>;
  pending: PendingOperation | null;
}

const emptyState = (): State => ({
  datasets: new Map(),
  tables: new Map(),
  records: new Map(),
  models: new Map(),
  activeModelId: null,
  results: null,
  decisions: new Map(),
  runs: new Map(),
  settings: new Map(),
  pending: null,
});

/** Code-unit order, the order IndexedDB sorts string keys in. */
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function keyOf(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string key`);
  return value;
}

const decisionKey = (d: { leftId: unknown; rightId: unknown }): string =>
  `${keyOf(d.leftId, 'decision leftId')}\u0000${keyOf(d.rightId, 'decision rightId')}`;

const sortedValues = <T>(map: Map<string, T>): T[] => [...map.keys()].sort(byKey).map((k) => map.get(k) as T);

export class MemoryStore implements Store {
  private state: State = emptyState();

  async load(): Promise<Snapshot> {
    const s = this.state;
    return structuredClone({
      datasets: sortedValues(s.datasets),
      tables: new Map([...s.tables].sort(([a], [b]) => byKey(a, b))),
      model: (s.activeModelId !== null && s.models.get(s.activeModelId)) || null,
      results: s.results,
      decisions: sortedValues(s.decisions),
      pending: s.pending,
    });
  }

  async commit(change: Commit): Promise<void> {
    // Copy the change first: a value that cannot be cloned fails before anything is touched.
    const c = structuredClone(change);
    const s = this.state;
    // The next state shares untouched maps with the current one; every map it changes is copied.
    const next: State = { ...s };
    const records = new Map(s.records);
    const copied = new Set<string>();
    const recordsOf = (datasetId: string): Map<string, StoredRecord> => {
      if (!copied.has(datasetId)) {
        records.set(datasetId, new Map(records.get(datasetId)));
        copied.add(datasetId);
      }
      return records.get(datasetId) as Map<string, StoredRecord>;
    };

    if (c.deleteDatasets?.length) {
      next.datasets = new Map(next.datasets);
      next.tables = new Map(next.tables);
      for (const id of c.deleteDatasets) {
        keyOf(id, 'dataset id');
        next.datasets.delete(id);
        next.tables.delete(id);
        records.delete(id);
        copied.delete(id);
      }
    }
    for (const id of c.clearRecordsOf ?? []) {
      records.delete(keyOf(id, 'dataset id'));
      copied.delete(id);
    }
    if (c.putDatasets?.length) {
      next.datasets = new Map(next.datasets);
      for (const d of c.putDatasets) next.datasets.set(keyOf(d.id, 'dataset id'), d);
    }
    if (c.putTables?.length) {
      next.tables = new Map(next.tables);
      for (const t of c.putTables) next.tables.set(keyOf(t.datasetId, 'table datasetId'), t.table);
    }
    for (const r of c.putRecords ?? []) {
      const recordId = keyOf(r.recordId, 'recordId');
      recordsOf(keyOf(r.datasetId, 'record datasetId')).set(recordId, r);
    }
    for (const r of c.deleteRecords ?? []) {
      const recordId = keyOf(r.recordId, 'recordId');
      if (records.has(keyOf(r.datasetId, 'record datasetId'))) recordsOf(r.datasetId).delete(recordId);
    }
    next.records = records;
    if (c.putModel) {
      next.models = new Map(next.models);
      next.models.set(keyOf(c.putModel.id, 'model id'), c.putModel);
    }
    if (c.activeModelId !== undefined) next.activeModelId = c.activeModelId;
    if (c.results !== undefined) next.results = c.results;
    if (c.putDecisions?.length) {
      next.decisions = new Map(next.decisions);
      for (const d of c.putDecisions) next.decisions.set(decisionKey(d), d);
    }
    if (c.addRuns?.length) {
      next.runs = new Map(next.runs);
      for (const r of c.addRuns) next.runs.set(keyOf(r.id, 'run id'), r);
    }
    if (c.clearPending) next.pending = null;

    this.state = next;
  }

  async records(keys: readonly { datasetId: string; recordId: string }[]): Promise<StoredRecord[]> {
    const found: StoredRecord[] = [];
    for (const k of keys) {
      const r = this.state.records.get(k.datasetId)?.get(k.recordId);
      if (r) found.push(r);
    }
    return structuredClone(found);
  }

  async runs(limit?: number): Promise<RunInfo[]> {
    // Newest first; ties broken by id, descending, as the IndexedDB index walked backwards does.
    const all = [...this.state.runs.values()].sort(
      (a, b) => byKey(b.startedAt, a.startedAt) || byKey(b.id, a.id),
    );
    return structuredClone(limit === undefined ? all : all.slice(0, limit));
  }

  async getSetting<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.state.settings.get(key)) as T | undefined;
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    const settings = new Map(this.state.settings);
    settings.set(key, structuredClone(value));
    this.state = { ...this.state, settings };
  }

  async begin(operation: PendingOperation): Promise<void> {
    this.state = { ...this.state, pending: structuredClone(operation) };
  }

  async clearPending(): Promise<void> {
    this.state = { ...this.state, pending: null };
  }

  async wipe(): Promise<void> {
    this.state = emptyState();
  }

  /** Nothing to release: the state goes with the object. */
  close(): void {}
}
