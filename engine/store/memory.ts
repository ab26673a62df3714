/**
 * The storage port in memory, for Node (the CLI) and the tests. It keeps to the same contract as
 * the Dexie store: values are copied on the way in and out, a commit is all or nothing, keys must
 * be strings (IndexedDB rejects a missing key, so this store does too), and listings come back in
 * key order as IndexedDB returns them.
 */
import type { DatasetInfo, RunInfo, StoredRecord } from '../../shared/workspace';
import { type AuditEntry, type ChainAnchor, chainAnchor, GENESIS_HASH } from '../audit';
import type { NormalisedTable } from '../normalise';
import type { PairDecision } from '../review';
import type { KeyInfo } from './cipher';
import {
  AuditConflictError,
  type Commit,
  type PendingOperation,
  type Snapshot,
  type Store,
  type StoredModel,
  type StoredResults,
  StoreLockedError,
  type WipeCounts,
  type WipeRequest,
} from './port';
import { touchesPersonalData } from './sealing';

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
  audit: AuditEntry[];
  anchor: ChainAnchor;
  keyInfo: KeyInfo | null;
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
  audit: [],
  anchor: { count: 0, headHash: GENESIS_HASH },
  keyInfo: null,
});

/** The trail after appending `entries` to `state`'s, or AuditConflictError if they do not follow it. */
function appended(state: State, entries: readonly AuditEntry[] | undefined): Pick<State, 'audit' | 'anchor'> {
  if (!entries?.length) return { audit: state.audit, anchor: state.anchor };
  const first = entries[0]!;
  if (first.seq !== state.anchor.count || first.prevHash !== state.anchor.headHash)
    throw new AuditConflictError(state.anchor.count, first.seq);
  return { audit: [...state.audit, ...entries], anchor: chainAnchor(entries.at(-1)!) };
}

function withSettings(settings: Map<string, unknown>, put: Record<string, unknown> | undefined) {
  if (!put) return settings;
  const next = new Map(settings);
  for (const [key, value] of Object.entries(put)) {
    if (value === undefined) next.delete(key);
    else next.set(key, value);
  }
  return next;
}

/** Code-unit order, the order IndexedDB sorts string keys in. */
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function keyOf(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string key`);
  return value;
}

const decisionKey = (d: { leftId: unknown; rightId: unknown }): string =>
  `${keyOf(d.leftId, 'decision leftId')}\u0000${keyOf(d.rightId, 'decision rightId')}`;

const sortedValues = <T>(map: Map<string, T>): T[] => [...map.keys()].sort(byKey).map((k) => map.get(k) as T);

/**
 * Encryption here is bookkeeping only (nothing in memory is at rest): with key information stored
 * and no key held, personal data can be neither read nor written, as in the Dexie store.
 */
export class MemoryStore implements Store {
  private state: State = emptyState();
  private key: CryptoKey | null = null;

  async load(): Promise<Snapshot> {
    if (this.isLocked()) throw new StoreLockedError();
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
    if (this.isLocked() && touchesPersonalData(change)) throw new StoreLockedError();
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
    if (c.deleteDecisions?.length || c.putDecisions?.length) {
      next.decisions = new Map(next.decisions);
      for (const d of c.deleteDecisions ?? []) next.decisions.delete(decisionKey(d));
      for (const d of c.putDecisions ?? []) next.decisions.set(decisionKey(d), d);
    }
    if (c.addRuns?.length) {
      next.runs = new Map(next.runs);
      for (const r of c.addRuns) next.runs.set(keyOf(r.id, 'run id'), r);
    }
    if (c.clearPending) next.pending = null;
    next.settings = withSettings(next.settings, c.putSettings);
    Object.assign(next, appended(s, c.appendAudit));

    this.state = next;
  }

  async records(keys: readonly { datasetId: string; recordId: string }[]): Promise<StoredRecord[]> {
    if (this.isLocked()) throw new StoreLockedError();
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

  async datasets(): Promise<DatasetInfo[]> {
    return structuredClone(sortedValues(this.state.datasets));
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

  async wipe(request: WipeRequest = {}): Promise<WipeCounts> {
    const s = this.state;
    const keep = new Set(request.keepSettings ?? []);
    const kept = new Map([...s.settings].filter(([key]) => keep.has(key)));
    let records = 0;
    for (const r of s.records.values()) records += r.size;
    const counts: WipeCounts = {
      datasets: s.datasets.size,
      records,
      tables: s.tables.size,
      models: s.models.size,
      results: s.results ? 1 : 0,
      decisions: s.decisions.size,
      runs: s.runs.size,
      settings: s.settings.size - kept.size,
    };
    const audit = appended(s, structuredClone(request.appendAudit));
    this.state = {
      ...emptyState(),
      settings: withSettings(kept, structuredClone(request.putSettings)),
      keyInfo: s.keyInfo,
      ...audit,
    };
    return counts;
  }

  async auditEntries(range: { from?: number; to?: number } = {}): Promise<AuditEntry[]> {
    const { from = 0, to = Number.POSITIVE_INFINITY } = range;
    return structuredClone(this.state.audit.filter((e) => e.seq >= from && e.seq < to));
  }

  async auditAnchor(): Promise<ChainAnchor> {
    return { ...this.state.anchor };
  }

  async restartAudit(first: AuditEntry): Promise<number> {
    const deleted = this.state.audit.length;
    const empty = { audit: [], anchor: { count: 0, headHash: GENESIS_HASH } };
    this.state = { ...this.state, ...appended({ ...this.state, ...empty }, [structuredClone(first)]) };
    return deleted;
  }

  async keyInfo(): Promise<KeyInfo | null> {
    return structuredClone(this.state.keyInfo);
  }

  setKey(key: CryptoKey | null): void {
    this.key = key;
  }

  isLocked(): boolean {
    return this.state.keyInfo !== null && this.key === null;
  }

  async encryptAll(key: CryptoKey, info: KeyInfo, appendAudit?: AuditEntry[]): Promise<void> {
    const audit = appended(this.state, structuredClone(appendAudit));
    this.state = { ...this.state, keyInfo: structuredClone(info), ...audit };
    this.key = key;
  }

  async decryptAll(appendAudit?: AuditEntry[]): Promise<void> {
    if (this.isLocked()) throw new StoreLockedError();
    const audit = appended(this.state, structuredClone(appendAudit));
    this.state = { ...this.state, keyInfo: null, ...audit };
    this.key = null;
  }

  async putKeyInfo(info: KeyInfo, appendAudit?: AuditEntry[]): Promise<void> {
    const audit = appended(this.state, structuredClone(appendAudit));
    this.state = { ...this.state, keyInfo: structuredClone(info), ...audit };
  }

  /** Nothing to release: the state goes with the object. */
  close(): void {}
}
