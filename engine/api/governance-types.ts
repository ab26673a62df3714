/**
 * The information-governance part of the engine's surface (engine/governance): profiles and
 * roles, the audit trail, retention and wiping, encryption at rest. Plain data only, as every
 * type that crosses the worker boundary.
 */

import type { Side } from '../../shared/workspace';
import type { AuditEntry, AuditRole, ChainVerification, EXPORT_KINDS } from '../audit';

export type Role = AuditRole;

export const ROLES: readonly Role[] = ['data-officer', 'caseworker', 'ig-lead'];

/** How a role is named on screen. */
export const ROLE_LABELS: Record<Role, string> = {
  'data-officer': 'Data officer',
  caseworker: 'Caseworker',
  'ig-lead': 'Information-governance lead',
};

/** A member of staff as throughline knows them on this device (not a service user). */
export interface Profile {
  id: string;
  displayName: string;
  role: Role;
  createdAt: string;
}

/** Where record contents were shown, as the audit trail records it. */
export type ViewSurface = 'dashboard' | 'side-panel' | 'page-overlay' | 'cli';

export type ExportKind = (typeof EXPORT_KINDS)[number];

export type EncryptionState = 'off' | 'locked' | 'unlocked';

export interface DatasetRetention {
  datasetId: string;
  name: string;
  fileName: string;
  side: Side;
  rowCount: number;
  /** When its current contents arrived on this device (imported, or replaced by a new file). */
  since: string;
  /** Its own period in days, or null: the default applies. */
  days: number | null;
  /** The period that applies, in days. */
  effectiveDays: number;
  /** When it will be purged (ISO). */
  expiresAt: string;
}

export interface PurgeReport {
  at: string;
  trigger: 'retention' | 'manual';
  datasets: { datasetId: string; name: string; recordCount: number }[];
}

/** What a wipe deleted (kept after it, so the IG page can show it). */
export interface WipeReport {
  at: string;
  /** The profile that wiped (display name and role). */
  by: string;
  datasets: number;
  records: number;
  decisions: number;
  pairs: number;
  runs: number;
  /** The audit entry that records it. */
  auditSeq: number;
  /** Rows deleted per table of the local database (after the wipe only; not kept). */
  rows?: Record<string, number>;
}

export interface AuditCheck {
  at: string;
  result: ChainVerification;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Entries in the whole trail. */
  total: number;
  /** Pass as `before` for the next (older) page; null when this page reaches the first entry. */
  nextBefore: number | null;
}

export interface GovernanceSettings {
  /** Days a dataset is kept when it has no period of its own (1 to 3650). */
  defaultRetentionDays: number;
  /** Minutes without activity after which the data key is put away (encryption on; 1 to 240). */
  idleLockMinutes: number;
}

export interface GovernanceStatus {
  actor: Profile;
  profiles: Profile[];
  encryption: EncryptionState;
  settings: GovernanceSettings;
  retention: {
    datasets: DatasetRetention[];
    lastPurge: PurgeReport | null;
    /** When expired data was last looked for (this session); null before the first check. */
    lastCheck: string | null;
  };
  audit: { count: number; headHash: string; lastCheck: AuditCheck | null };
  lastWipe: WipeReport | null;
}
