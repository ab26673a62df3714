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
import type { AuditEntry, ChainAnchor } from '../audit';
import type { PackedOutcomes } from '../continuity';
import type { Model } from '../model';
import type { NormalisedTable } from '../normalise';
import type { PairDecision } from '../review';
import type { KeyInfo } from './cipher';

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
  /** Removes these clerical decisions (by pair), e.g. those on a removed dataset's records. */
  deleteDecisions?: { leftId: string; rightId: string }[];
  /** Settings (as `putSetting` keys them) written in the same transaction; `undefined` deletes one. */
  putSettings?: Record<string, unknown>;
  /**
   * The audit entries that record this change, appended to the trail in the same transaction,
   * with the anchor (count and head hash) moved to the last of them. The first must follow the
   * stored trail (its `seq` equals the stored count), or nothing is stored (AuditConflictError).
   */
  appendAudit?: AuditEntry[];
}

/** What a wipe keeps and adds: it empties every table except the audit trail. */
export interface WipeRequest {
  /** Settings (as `putSetting` keys them) that survive the wipe; every other setting is deleted. */
  keepSettings?: readonly string[];
  /** Settings written after the wipe, in the same transaction. */
  putSettings?: Record<string, unknown>;
  /** The entries recording the wipe, appended to the (kept) trail in the same transaction. */
  appendAudit?: AuditEntry[];
}

/** Rows deleted by a wipe, by table (`settings` counts the settings deleted). */
export type WipeCounts = Record<string, number>;

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
  /** The datasets' descriptions (no record contents; kept in clear, so readable while locked). */
  datasets(): Promise<DatasetInfo[]>;
  getSetting<T>(key: string): Promise<T | undefined>;
  putSetting(key: string, value: unknown): Promise<void>;
  /** Marks a long operation as started, in its own transaction, before any of its work. */
  begin(operation: PendingOperation): Promise<void>;
  /** Forgets the pending marker (after the user was told). */
  clearPending(): Promise<void>;
  /**
   * Deletes everything except the audit trail (and the settings the request keeps), appends the
   * request's audit entries, all in one transaction; returns the rows deleted by table.
   */
  wipe(request?: WipeRequest): Promise<WipeCounts>;
  close(): void;

  // ---- the audit trail (engine/audit): kept in clear, it holds no record contents ----

  /** Entries with `from <= seq < to`, in order (all when no range). */
  auditEntries(range?: { from?: number; to?: number }): Promise<AuditEntry[]>;
  /** The count and head hash kept beside the trail, moved with every append. */
  auditAnchor(): Promise<ChainAnchor>;
  /**
   * Deletes the whole trail and starts a new one with `first` (seq 0), in one transaction;
   * returns how many entries were deleted.
   */
  restartAudit(first: AuditEntry): Promise<number>;

  // ---- encryption at rest (cipher.ts): record chunks, normalised tables, results, decisions ----

  /** The stored key information (in clear), or null when encryption is off. */
  keyInfo(): Promise<KeyInfo | null>;
  /** The unlocked data key to seal and open rows with; null forgets it (locks). */
  setKey(key: CryptoKey | null): void;
  /** Encryption is on and no key is held: personal data can be neither read nor written. */
  isLocked(): boolean;
  /**
   * Turns encryption on: seals every stored row of the encrypted tables with `key`, stores `info`
   * and the audit entries, in one transaction; the store then holds `key`.
   */
  encryptAll(key: CryptoKey, info: KeyInfo, appendAudit?: AuditEntry[]): Promise<void>;
  /** Turns encryption off (the key must be held): opens every sealed row, deletes the key info. */
  decryptAll(appendAudit?: AuditEntry[]): Promise<void>;
  /** Replaces the key information (a new passphrase for the same data key), with its audit entries. */
  putKeyInfo(info: KeyInfo, appendAudit?: AuditEntry[]): Promise<void>;
}

/** Encryption is on and the store holds no key: nothing personal can be read or written. */
export class StoreLockedError extends Error {
  constructor() {
    super('throughline is locked: enter the passphrase to unlock it. Nothing was read or changed.');
  }
}

/** The audit entries of a commit do not follow the stored trail; nothing was stored. */
export class AuditConflictError extends Error {
  constructor(expected: number, got: number) {
    super(
      `The audit entry numbered ${got} does not follow the trail (next is ${expected}); nothing was stored.`,
    );
  }
}

/** A sealed row could not be opened with the key held (altered, moved, or another key). */
export class UndecryptableError extends Error {
  constructor(where: string) {
    super(
      `Stored data (${where}) could not be decrypted: it was changed, moved, or sealed with another key.`,
    );
  }
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
