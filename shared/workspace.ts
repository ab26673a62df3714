/**
 * The vocabulary of a workspace on the device: datasets, records, runs, lookups and the errors a
 * user can meet. Shared by the engine (which produces these values) and the extension (which
 * shows them), and carried over Comlink and runtime messaging, so every type here is plain data.
 */
import type { Issue } from './issues';
import type { CanonicalField } from './person';

/** Which system a dataset comes from: prison releases (left) or community treatment (right). */
export type Side = 'releases' | 'treatment';
export const SIDES: readonly Side[] = ['releases', 'treatment'];

/** A record's identity on the device: its dataset and its id in that dataset's id column. */
export type RecordKey = string;
const KEY_SEPARATOR = '/';
export const recordKey = (datasetId: string, recordId: string): RecordKey =>
  `${datasetId}${KEY_SEPARATOR}${recordId}`;
export function splitRecordKey(key: RecordKey): { datasetId: string; recordId: string } {
  const at = key.indexOf(KEY_SEPARATOR);
  return { datasetId: key.slice(0, at), recordId: key.slice(at + 1) };
}

export type DateOrder = 'dmy' | 'mdy' | 'auto';

export interface DatasetInfo {
  /** Assigned on the device ("ds1", "ds2", ...), never reused. */
  id: string;
  /** The user's label; the file name unless given. */
  name: string;
  side: Side;
  fileName: string;
  /** SHA-256 of the file's bytes as imported, hex. */
  sha256: string;
  bytes: number;
  rowCount: number;
  /** Source header to canonical field, as applied. */
  mapping: Record<string, CanonicalField>;
  format: 'csv' | 'xlsx';
  dateOrder: DateOrder;
  /** ISO timestamps. */
  importedAt: string;
  updatedAt: string;
}

/** A record's source values as imported (canonical field to raw text, and unmapped extras). */
export interface StoredRecord {
  datasetId: string;
  recordId: string;
  /** 1-based row in the source file (0 for a record added by hand). */
  row: number;
  fields: Partial<Record<CanonicalField, string>>;
  extras: Record<string, string>;
}

export type RunKind = 'import' | 'link' | 'increment' | 'decision' | 'remove';

/** What a run used and produced: kept for the run history and the audit. No record content. */
export interface RunInfo {
  id: string;
  kind: RunKind;
  startedAt: string;
  finishedAt: string;
  inputs: { datasetId: string; fileName: string; sha256: string; rowCount: number }[];
  modelId: string | null;
  rule: { id: string; version: number } | null;
  thresholds: { lower: number; upper: number } | null;
  timings: { stage: string; ms: number }[];
  counts: Record<string, number>;
}

export type Decision = 'same' | 'not_same' | 'unsure';

/** One linked (or possibly linked) record on the other side, for badges and the side panel. */
export interface LinkView {
  key: RecordKey;
  datasetId: string;
  recordId: string;
  side: Side;
  probability: number;
  decision: Decision | null;
}

/** The continuity-of-care state of one release, as a badge shows it. */
export interface StatusView {
  releaseKey: RecordKey;
  status: 'engaged_in_window' | 'engaged_late' | 'awaiting' | 'not_engaged' | 'not_in_cohort';
  releaseDate: string | null;
  daysSinceRelease: number | null;
  daysToEngagement: number | null;
  windowDays: number;
  handover: 'referral_before_release' | 'referral_after_release' | 'no_referral_found';
  needsReview: boolean;
  treatmentKey: RecordKey | null;
}

/**
 * What an overlay row can ask about: a record id as the page shows it (optionally narrowed to a
 * side or dataset), or the identifying fields the row shows (name, date of birth, identifiers).
 */
export type LookupQuery =
  | { recordId: string; side?: Side; datasetId?: string }
  | { fields: Partial<Record<CanonicalField, string>>; side?: Side };

export interface LookupResult {
  /** The record the query resolved to, with how sure that is (1 for an id lookup). */
  match: { key: RecordKey; datasetId: string; recordId: string; side: Side; probability: number } | null;
  /** Releases: its own status; treatment: the status of each release it is linked to. */
  statuses: StatusView[];
  /** Best links on the other side, strongest first. */
  links: LinkView[];
  /** Likely the same person within the same side (possible duplicates). */
  duplicates: LinkView[];
}

/** Errors a user can meet, as values with a message fit to show them. */
export type EngineError =
  | { kind: 'invalid-input'; message: string; issues: Issue[] }
  | { kind: 'cancelled'; message: string }
  | { kind: 'storage-full'; message: string }
  | { kind: 'storage-unavailable'; message: string }
  | { kind: 'not-found'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'not-ready'; message: string }
  | { kind: 'engine-lost'; message: string }
  /** The current profile's role may not do this (engine/governance/policy.ts). */
  | { kind: 'forbidden'; message: string }
  /** Encryption at rest is on and the data key is put away: unlock with the passphrase first. */
  | { kind: 'locked'; message: string }
  | { kind: 'wrong-passphrase'; message: string };

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: EngineError };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(error: EngineError): Outcome<T> => ({ ok: false, error });
