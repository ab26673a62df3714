/**
 * The storage port: everything the engine keeps between sessions goes through this interface.
 * The browser implements it with Dexie over IndexedDB, Node and the tests in memory; the
 * pipeline never touches either directly.
 *
 * Heavy data (normalised columns, the result index) is stored as one structured-clone value per
 * dataset or per result kind, because IndexedDB writes a few large values far faster than
 * 100,000 small ones; records are stored one row each, for details and audit.
 */
import type { DatasetInfo, RunInfo, StoredRecord } from '../../shared/workspace';
import type { PackedOutcomes } from '../continuity';
import type { Model } from '../model';
import type { NormalisedTable } from '../normalise';
import type { PairDecision } from '../review';

export interface StoredModel {
  id: string;
  createdAt: string;
  model: Model;
  /** The datasets (and their hashes) it was trained on. */
  trainedOn: { datasetId: string; sha256: string }[];
}

/**
 * The linkage results kept for lookups after a restart: the pairs worth showing (at or above a
 * floor probability, or decided), every record's cluster, and every release's outcome. Plain
 * arrays and typed arrays only, so it is stored by structured clone.
 */
export interface StoredResults {
  /** Bumped on every change; the overlay refreshes when it moves. */
  version: number;
  runId: string;
  modelId: string;
  /** Record keys, in frame order, that the arrays below index. */
  keys: string[];
  nLeft: number;
  pairs: { left: Int32Array; right: Int32Array; weights: Float64Array; vectors: Uint8Array; k: number };
  /** Cluster id of each record (frame order). */
  clusters: Int32Array;
  /** Outcome of each release, as columns (`outcomeAt(outcomes, keys, i)` reads one). */
  outcomes: PackedOutcomes;
  asOf: number;
}

/** A long operation that was started and not finished: reported after a crash or a restart. */
export interface PendingOperation {
  kind: 'import' | 'link' | 'remove' | 'record';
  /** What the user would recognise: the file name, or the dataset name. */
  label: string;
  startedAt: string;
}

/** One atomic change. Either all of it is stored or none of it. */
export interface Commit {
  putDatasets?: DatasetInfo[];
  /** Removes the datasets with their records and tables. */
  deleteDatasets?: string[];
  putTables?: { datasetId: string; table: NormalisedTable }[];
  /** Removes every record of these datasets before putRecords is applied (a replacement). */
  clearRecordsOf?: string[];
  putRecords?: StoredRecord[];
  deleteRecords?: { datasetId: string; recordId: string }[];
  putModel?: StoredModel;
  /** The active model id (null to clear). */
  activeModelId?: string | null;
  /** Replaces the stored results; null deletes them. */
  results?: StoredResults | null;
  putDecisions?: PairDecision[];
  addRuns?: RunInfo[];
  /** Clears the pending-operation marker in the same transaction. */
  clearPending?: boolean;
}

/** What the engine needs in memory to start: everything except the records' source values. */
export interface Snapshot {
  datasets: DatasetInfo[];
  tables: Map<string, NormalisedTable>;
  model: StoredModel | null;
  results: StoredResults | null;
  decisions: PairDecision[];
  pending: PendingOperation | null;
}

export interface Store {
  load(): Promise<Snapshot>;
  commit(change: Commit): Promise<void>;
  /** Source values of records, in the order asked; missing ones are left out. */
  records(keys: readonly { datasetId: string; recordId: string }[]): Promise<StoredRecord[]>;
  runs(limit?: number): Promise<RunInfo[]>;
  getSetting<T>(key: string): Promise<T | undefined>;
  putSetting(key: string, value: unknown): Promise<void>;
  /** Marks a long operation as started, in its own transaction, before any of its work. */
  begin(operation: PendingOperation): Promise<void>;
  /** Forgets the pending marker (after the user was told). */
  clearPending(): Promise<void>;
  /** Deletes everything. */
  wipe(): Promise<void>;
  close(): void;
}

/** The store could not write because the device's storage quota is used up. Nothing was written. */
export class StorageFullError extends Error {
  constructor() {
    super(
      'The browser has no storage space left for throughline. Nothing from this change was stored; ' +
        'free space (remove an old dataset) and try again.',
    );
  }
}

/** The database is closed, blocked or otherwise unusable. Nothing from this change was stored. */
export class StorageUnavailableError extends Error {
  constructor(reason: string) {
    super(`The local database could not be used (${reason}). Nothing from this change was stored.`);
  }
}
