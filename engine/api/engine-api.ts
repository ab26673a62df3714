/**
 * The engine's public surface in the browser: what the engine worker exposes over Comlink. Every
 * method takes and returns plain data (structured clone), reports user-caused failures as
 * `Outcome` values, and every long call takes, as its last two arguments, an operation id chosen
 * by the caller (to stop it with `cancel(opId)` at its next checkpoint) and a progress callback
 * (a `Comlink.proxy` across the worker boundary: Comlink only proxies top-level arguments).
 */
import type { Issue } from '../../shared/issues';
import type { CanonicalField } from '../../shared/person';
import type {
  DatasetInfo,
  DateOrder,
  Decision,
  LookupQuery,
  LookupResult,
  Outcome,
  RecordKey,
  RunInfo,
  Side,
  StoredRecord,
} from '../../shared/workspace';
import type { ColumnAssignment } from '../ingest';
import type { ProgressCallback } from './progress';

export interface ImportRequest {
  /** The file's bytes; transferred, not copied, across the worker boundary. */
  bytes: ArrayBuffer;
  fileName: string;
  side: Side;
  /** The user's label; the file name when absent. */
  name?: string;
  /** Source header to canonical field: overrides the automatic mapping where given. */
  mapping?: Record<string, CanonicalField | null>;
  sheet?: string;
  delimiter?: string;
  dateOrder?: DateOrder;
  /** Replace this dataset (same side) instead of adding a new one. */
  replaces?: string;
}

export interface ImportPreview {
  fileName: string;
  format: 'csv' | 'xlsx';
  rowCount: number;
  assignments: ColumnAssignment[];
  /** The first rows, by header, as the file has them. */
  sample: Record<string, string>[];
  /** Problems that would stop the import, by row and column; empty when it would succeed. */
  problems: Issue[];
  /** Problems that would not stop it (rejected identifiers, placeholder dates), counted. */
  quality: { field: string; present: number; missing: number; rejected: number }[];
}

export interface ChangeSummary {
  dataset?: DatasetInfo;
  run: RunInfo;
  /** Counts after the change. */
  records: number;
  pairs: number;
  links: number;
  /** Whether only the changed records were matched (true) or everything was re-run. */
  incremental: boolean;
}

export interface WorkspaceStatus {
  datasets: DatasetInfo[];
  model: { id: string; createdAt: string } | null;
  records: Record<Side, number>;
  pairs: number;
  links: number;
  /** Bumped on every change of results; the overlay refreshes when it moves. */
  resultsVersion: number;
  /** Whether the in-memory match index is built (false right after a restart until needed). */
  indexReady: boolean;
  /** An operation that was started and never finished (a crash, a closed browser). */
  interrupted: { kind: string; label: string; startedAt: string } | null;
  lastRun: RunInfo | null;
}

export interface ReviewItem {
  leftKey: RecordKey;
  rightKey: RecordKey;
  probability: number;
  weight: number;
  decision: Decision | null;
  /** Per comparison: its label, the level reached and that level's contribution to the weight. */
  contributions: { comparison: string; level: string; weight: number }[];
  left: StoredRecord | null;
  right: StoredRecord | null;
}

export interface EngineApi {
  status(): Promise<WorkspaceStatus>;
  previewImport(request: Omit<ImportRequest, 'side' | 'name' | 'replaces'>): Promise<Outcome<ImportPreview>>;
  /** Stores a dataset and matches its records against what is already there. */
  importDataset(
    request: ImportRequest,
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>>;
  /** Adds a record to a dataset, or replaces the one with the same id, and matches it. */
  putRecord(
    datasetId: string,
    record: { recordId: string; fields: Partial<Record<CanonicalField, string>> },
  ): Promise<Outcome<ChangeSummary>>;
  removeDataset(
    datasetId: string,
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>>;
  /** Trains a model on the current data (or keeps the active one) and re-runs everything. */
  link(
    options?: { retrain?: boolean; seed?: number },
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>>;
  /** Recomputes continuity as of a date (yyyy-mm-dd; today when absent). */
  setAsOf(asOf: string | null): Promise<Outcome<{ resultsVersion: number }>>;
  reviewQueue(options?: { limit?: number }): Promise<Outcome<ReviewItem[]>>;
  decide(
    leftKey: RecordKey,
    rightKey: RecordKey,
    decision: Decision,
    by: string,
    reason?: string,
  ): Promise<Outcome<ChangeSummary>>;
  lookup(query: LookupQuery): Promise<Outcome<LookupResult>>;
  lookupBatch(queries: LookupQuery[]): Promise<Outcome<LookupResult[]>>;
  records(keys: RecordKey[]): Promise<Outcome<StoredRecord[]>>;
  runs(limit?: number): Promise<RunInfo[]>;
  /** Forgets an interrupted-operation notice once the user has seen it. */
  acknowledgeInterrupted(): Promise<void>;
  cancel(opId: string): Promise<void>;
}
