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
import type { PairDecision } from '../review';
import type {
  AuditCheck,
  AuditPage,
  DatasetRetention,
  ExportKind,
  GovernanceSettings,
  GovernanceStatus,
  Profile,
  PurgeReport,
  Role,
  ViewSurface,
  WipeReport,
} from './governance-types';
import type { ProgressCallback } from './progress';
import type {
  ContinuityExportRequest,
  ContinuityReport,
  DuplicatesReport,
  DuplicatesRequest,
  ExportFile,
  WorklistSearch,
} from './report-types';

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
  /** How many days to keep it (engine/governance); the default retention period when absent. */
  retentionDays?: number;
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

/** What `inspectImport` asks: a file's bytes (copied, not transferred) and how to read it. */
export type InspectRequest = Pick<ImportRequest, 'bytes' | 'fileName' | 'sheet' | 'delimiter' | 'mapping'>;

/** How numeric dates in one column read: which day-month order each value allows. */
export interface DateColumnEvidence {
  header: string;
  /** Values such as 03/04/1980 or 25/12/1980: day, month and year all numbers. */
  numeric: number;
  /** Readable day-first only (first part over 12: 25/12/1980). */
  dayFirst: number;
  /** Readable month-first only (second part over 12: 12/25/1980). */
  monthFirst: number;
  /** Readable both ways and different each way (03/04/1980). */
  ambiguous: number;
  /** One of each kind, where the column has one, with its row (as a spreadsheet shows it). */
  examples: { kind: 'dayFirst' | 'monthFirst' | 'ambiguous'; row: number; value: string }[];
}

/**
 * A file's structure before any row is validated (`previewImport` validates): what an import
 * wizard shows first, and what it needs when validation fails (the headers, to correct a mapping).
 */
export interface ImportInspection {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** A workbook's worksheets with their non-blank rows (header included); null for text. */
  sheets: { name: string; rows: number }[] | null;
  sheet: string | null;
  delimiter: { detected: string; used: string } | null;
  headers: string[];
  /**
   * SHA-256 (hex) of the normalised headers, sorted: the same set of columns gives the same
   * signature whatever their order, case or punctuation. Headers only, never values.
   */
  signature: string;
  /** The automatic assignment of each column, with the request's `mapping` applied over it. */
  assignments: ColumnAssignment[];
  /** Data rows (blank ones skipped). */
  rowCount: number;
  /** The first rows as the file has them, cells in header order, with their row numbers. */
  sample: { row: number; cells: string[] }[];
  /** Columns with numeric dates, to tell whether the day-month order is in doubt. */
  dates: DateColumnEvidence[];
  /** Why not even a header could be read (empty or unreadable file, unknown sheet); else empty. */
  problems: Issue[];
}

/** Where clerical review stands: the pairs in the review band, and how many are decided. */
export interface ReviewProgress {
  /** Pairs whose probability is in the review band [lower, upper). */
  total: number;
  /** Of those, decided, by decision. */
  decided: Record<Decision, number>;
  /** Of those, not decided yet: the length of the whole review queue. */
  open: number;
  thresholds: { lower: number; upper: number };
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
  /** Reads a file's worksheets, header and column assignment without validating its rows. */
  inspectImport(request: InspectRequest): Promise<Outcome<ImportInspection>>;
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
  /**
   * Trains a model on the current data (or keeps the active one) and re-runs everything.
   * `workers`: threads that compare candidate pairs (LinkageOptions.workers); by default as many
   * as pay.
   */
  link(
    options?: { retrain?: boolean; seed?: number; workers?: number },
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>>;
  /** Recomputes continuity as of a date (yyyy-mm-dd; today when absent). */
  setAsOf(asOf: string | null): Promise<Outcome<{ resultsVersion: number }>>;
  reviewQueue(options?: { limit?: number }): Promise<Outcome<ReviewItem[]>>;
  /** How many pairs need review and how many are decided (for "12 of 48 reviewed"). */
  reviewProgress(): Promise<ReviewProgress>;
  decide(
    leftKey: RecordKey,
    rightKey: RecordKey,
    decision: Decision,
    by: string,
    reason?: string,
  ): Promise<Outcome<ChangeSummary>>;
  /** `surface`: where the answer is shown, for the audit trail ('cli' when absent). */
  lookup(query: LookupQuery, surface?: ViewSurface): Promise<Outcome<LookupResult>>;
  lookupBatch(queries: LookupQuery[], surface?: ViewSurface): Promise<Outcome<LookupResult[]>>;
  /** Source values of records; every record handed over is recorded as viewed, on `surface`. */
  records(keys: RecordKey[], surface?: ViewSurface): Promise<Outcome<StoredRecord[]>>;
  runs(limit?: number): Promise<RunInfo[]>;
  /** Forgets an interrupted-operation notice once the user has seen it. */
  acknowledgeInterrupted(): Promise<void>;
  // ---- continuity view and de-duplication (continuity-view.ts, duplicates.ts) ----
  /** KPIs against the target (overall, by release week, establishment, area) and the worklist as columns. */
  continuityReport(): Promise<Outcome<ContinuityReport>>;
  /** Rows of the last report's worklist whose name (or record id) matches, best first. */
  searchWorklist(query: string): Promise<Outcome<WorklistSearch>>;
  /** The worklist or one area's audit worksheet as CSV bytes, made in the worker. */
  exportContinuity(request: ContinuityExportRequest): Promise<Outcome<ExportFile>>;
  /** Clusters of likely-same records within one side (a de-duplication run, cached until that side changes). */
  findDuplicates(
    request: DuplicatesRequest,
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<DuplicatesReport>>;
  /** A clerical decision on two records of the same side; the next findDuplicates respects it. */
  decideDuplicate(
    aKey: RecordKey,
    bKey: RecordKey,
    decision: Decision,
    by: string,
    reason?: string,
  ): Promise<Outcome<PairDecision>>;
  /** The records decided "same person" on a side, grouped with a survivor each, as CSV. */
  exportMergeList(side: Side): Promise<Outcome<ExportFile>>;
  cancel(opId: string): Promise<void>;
  // ---- information governance (engine/governance; who may call what: engine/governance/policy.ts) ----
  /** Who is using throughline, the profiles, encryption, retention, the audit trail's head, the last wipe. */
  governanceStatus(): Promise<Outcome<GovernanceStatus>>;
  /** Makes another profile the one using throughline on this device (audited). */
  switchProfile(profileId: string): Promise<Outcome<Profile>>;
  /** Adds a profile (no `id`) or renames one or changes its role (audited); data officers only. */
  saveProfile(profile: { id?: string; displayName: string; role: Role }): Promise<Outcome<Profile>>;
  /** A page of the audit trail, newest first: entries numbered below `before` (the latest when absent). */
  auditLog(options?: { limit?: number; before?: number }): Promise<Outcome<AuditPage>>;
  /** Checks the whole trail's hash chain against its anchor. */
  verifyAudit(): Promise<Outcome<AuditCheck>>;
  /** The whole trail as CSV or JSON bytes, made in the worker; the export is recorded first. */
  exportAudit(format: 'csv' | 'json'): Promise<Outcome<ExportFile>>;
  /** Records an export or print made by a page (e.g. the printed IG summary). */
  noteExport(
    kind: ExportKind,
    rowCount: number,
    destination: 'download' | 'print' | 'clipboard' | 'file',
  ): Promise<Outcome<void>>;
  /** Default retention (days) and idle lock (minutes); each change audited. */
  updateGovernanceSettings(settings: Partial<GovernanceSettings>): Promise<Outcome<GovernanceStatus>>;
  /** A dataset's own retention period in days, or null for the default; purges it at once if already past it. */
  setRetention(datasetId: string, days: number | null): Promise<Outcome<DatasetRetention>>;
  /** Purges now every dataset past its retention period (also done at start, unlock and periodically). */
  purgeExpired(): Promise<Outcome<PurgeReport | null>>;
  /** Deletes all data in one step, keeping the audit trail with the wipe recorded in it. */
  wipeEverything(): Promise<Outcome<WipeReport>>;
  /** Deletes the audit trail (IG lead only), confirmed by its current head hash; a new trail records it. */
  deleteAuditTrail(confirmHeadHash: string): Promise<Outcome<{ deleted: number }>>;
  /** Encrypts everything stored (one transaction) under a new data key wrapped by `passphrase`. */
  enableEncryption(passphrase: string): Promise<Outcome<void>>;
  unlock(passphrase: string): Promise<Outcome<void>>;
  /** Puts the data key away now (it also goes after the idle time). */
  lock(): Promise<Outcome<void>>;
  changePassphrase(current: string, next: string): Promise<Outcome<void>>;
  /** Decrypts everything stored and forgets the key information. */
  disableEncryption(passphrase: string): Promise<Outcome<void>>;
}

export type {
  ContinuityExportRequest,
  ContinuityReport,
  DuplicatesReport,
  DuplicatesRequest,
  ExportFile,
  WorklistSearch,
} from './report-types';
