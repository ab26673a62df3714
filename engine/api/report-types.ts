/**
 * The types of the dashboard's continuity and de-duplication views as they cross the worker
 * boundary (structured clone). Large lists travel as columns (typed arrays and string arrays), not
 * as one object per row: 100,000 worklist rows clone in milliseconds this way.
 */

import type { Decision, RecordKey, Side, StoredRecord } from '../../shared/workspace';
import type { Kpi } from '../continuity';

/** The national target for continuity of care (From Harm to Hope, domain.md §1.6). */
export const CONTINUITY_TARGET = 0.75;

/** A file made in the worker for the page to download (a Blob URL and `<a download>`). */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  /** UTF-8 with a byte-order mark, so that Excel reads names with accents correctly. */
  bytes: ArrayBuffer;
  /** Data rows in the file (the header not counted). */
  rows: number;
}

/** Bits of `WorklistColumns.flags`: the risk flags that make a release urgent. */
export const WORKLIST_FLAG = { ost: 1, noFixedAbode: 2, friday: 4 } as const;

/**
 * The worklist as columns, in the engine's `worklist()` order (most urgent first): releases
 * awaiting engagement, then those not engaged. Row r of every column is the same release.
 */
export interface WorklistColumns {
  length: number;
  /** "Surname, Forenames" as the source file has them. */
  name: string[];
  /** Date of birth as yyyymmdd; 0 when missing or not readable as a date. */
  dob: Int32Array;
  /** The source text of a date of birth that could not be read as a date, by row (a few rows). */
  dobText: Record<number, string>;
  /** Release date as yyyymmdd. */
  releaseDate: Int32Array;
  /** 1 awaiting (window open), 0 not engaged (window closed). */
  awaiting: Uint8Array;
  /** Days since release as of the as-of date (day 0 = release day). */
  day: Int32Array;
  /** Index into `establishments`, -1 when not recorded. */
  establishment: Int32Array;
  establishments: string[];
  /** Index into `areas`, -1 when not recorded. */
  area: Int32Array;
  areas: string[];
  /** Index into `handovers` (the engine's vocabulary: referral_before_release, ...). */
  handover: Uint8Array;
  handovers: string[];
  /** Probability of the link shown (the accepted link, or the best uncertain one); NaN for none. */
  probability: Float64Array;
  needsReview: Uint8Array;
  /** WORKLIST_FLAG bits. */
  flags: Uint8Array;
}

export interface ContinuityReport {
  /** Time spent in the worker on each part, for the benchmark. */
  timings: { stage: string; ms: number }[];
  /** The results version this report was made from (the page discards an older one). */
  resultsVersion: number;
  /** The date the statuses are computed as of, yyyy-mm-dd. */
  asOf: string;
  /** Whether the as-of date was chosen by the user (false: today's date). */
  asOfChosen: boolean;
  rule: { name: string; version: number; windowDays: number };
  target: number;
  /** Releases by status, and those whose best link awaits review. */
  counts: {
    engaged_in_window: number;
    engaged_late: number;
    awaiting: number;
    not_engaged: number;
    not_in_cohort: number;
    needsReview: number;
  };
  overall: Kpi;
  /** By release week, oldest first (computeKpis' own order and numbers). */
  byWeek: Kpi[];
  byEstablishment: Kpi[];
  byArea: Kpi[];
  /** One audit worksheet per receiving area: its name and the cohort releases in it. */
  auditAreas: { area: string; rows: number }[];
  worklist: WorklistColumns;
}

/** Rows of the last report's worklist whose name matches, best match first. */
export interface WorklistSearch {
  resultsVersion: number;
  query: string;
  rows: Int32Array;
  /** Time the search took in the worker. */
  ms: number;
}

export type ContinuityExportRequest =
  /**
   * The worklist in worklist order: all of it, or only these rows of the report with this
   * results version (refused as a conflict when the results have moved on since).
   */
  | { kind: 'worklist'; resultsVersion?: number; rows?: Int32Array }
  /** The audit worksheet of one receiving area (as named in `auditAreas`). */
  | { kind: 'audit'; area: string };

// ---- de-duplication ----

export interface DuplicatesRequest {
  side: Side;
  /** Pairs at or above this probability join a cluster; the rule's lower review threshold by default. */
  threshold?: number;
  /** Which clusters to return (they are ordered: undecided first, then larger, then surer). */
  offset?: number;
  limit?: number;
  /** Threads that compare candidate pairs (LinkageOptions.workers); by default as many as pay. */
  workers?: number;
}

export interface DuplicatePair {
  /** Positions in the cluster's `records`. */
  a: number;
  b: number;
  probability: number;
  decision: Decision | null;
  /** The comparison levels behind the score, in words (no values). */
  evidence: string;
}

export interface DuplicateCluster {
  /** Stable for the same data and decisions. */
  id: number;
  records: StoredRecord[];
  /** Record keys, aligned with `records`. */
  keys: RecordKey[];
  /** The pairs that hold the cluster together, and any decided pair between its records. */
  pairs: DuplicatePair[];
}

export interface DuplicatesReport {
  side: Side;
  /** Records on that side, and in clusters of two or more. */
  records: number;
  recordsInClusters: number;
  clusterCount: number;
  candidatePairs: number;
  threshold: number;
  /** How the de-duplication model was made, in words. */
  model: string;
  /** Decisions between two records of this side. */
  decisions: { same: number; notSame: number; unsure: number };
  offset: number;
  clusters: DuplicateCluster[];
  /** Whether this answer came from the cache (no new run). */
  cached: boolean;
  timings: { stage: string; ms: number }[];
}
