/**
 * Who may call what. Every method of the engine's surface is listed with the roles that may call
 * it and whether it works while the data is locked; the guard in front of the engine checks both
 * before the call reaches the engine, and answers with a typed `forbidden` or `locked` error.
 *
 * - data officer: everything;
 * - caseworker: what the badges and the side panel need (lookups and the records they show);
 * - IG lead: the IG page, the audit trail, retention and wiping; never record contents.
 *
 * A method missing from the table is for data officers only and refused while locked (a unit test
 * fails until it is listed), so a new method is closed until someone decides who may use it.
 * Methods that return a plain value rather than an Outcome must be open to every role and work
 * while locked (they only describe the workspace); the test checks that too.
 */
import type { EngineApi } from '../api/engine-api';
import type { Role } from '../api/governance-types';

export interface Access {
  roles: 'any' | readonly Role[];
  whileLocked: boolean;
}

const OFFICER: Access = { roles: ['data-officer'], whileLocked: false };
/** Lookups and the records behind a badge. */
const CASEWORK: Access = { roles: ['data-officer', 'caseworker'], whileLocked: false };
/** Governance work that needs the data (retention of a dataset, purging). */
const GOVERN: Access = { roles: ['data-officer', 'ig-lead'], whileLocked: false };
/** Governance work that never opens personal data, so it can be done while locked. */
const GOVERN_LOCKED: Access = { roles: ['data-officer', 'ig-lead'], whileLocked: true };
const ANYONE: Access = { roles: 'any', whileLocked: true };

/** The methods that answer with a plain value (no Outcome to carry an error). */
export const PLAIN_METHODS = [
  'status',
  'reviewProgress',
  'runs',
  'acknowledgeInterrupted',
  'cancel',
] as const;

export const ACCESS: Partial<Record<keyof EngineApi, Access>> = {
  // describing the workspace (counts, dataset descriptions, runs: no record contents)
  status: ANYONE,
  reviewProgress: ANYONE,
  runs: ANYONE,
  acknowledgeInterrupted: ANYONE,
  cancel: ANYONE,
  // the data officer's work
  previewImport: OFFICER,
  inspectImport: OFFICER,
  importDataset: OFFICER,
  putRecord: OFFICER,
  removeDataset: OFFICER,
  link: OFFICER,
  setAsOf: OFFICER,
  reviewQueue: OFFICER,
  decide: OFFICER,
  continuityReport: OFFICER,
  searchWorklist: OFFICER,
  exportContinuity: OFFICER,
  findDuplicates: OFFICER,
  decideDuplicate: OFFICER,
  exportMergeList: OFFICER,
  // badges and the side panel
  lookup: CASEWORK,
  lookupBatch: CASEWORK,
  records: CASEWORK,
  // information governance
  governanceStatus: ANYONE,
  switchProfile: ANYONE,
  unlock: ANYONE,
  lock: ANYONE,
  noteExport: ANYONE,
  saveProfile: { roles: ['data-officer'], whileLocked: true },
  auditLog: GOVERN_LOCKED,
  verifyAudit: GOVERN_LOCKED,
  exportAudit: GOVERN_LOCKED,
  updateGovernanceSettings: GOVERN_LOCKED,
  wipeEverything: GOVERN_LOCKED,
  enableEncryption: GOVERN,
  changePassphrase: GOVERN_LOCKED,
  disableEncryption: GOVERN_LOCKED,
  setRetention: GOVERN,
  purgeExpired: GOVERN,
  /** Deleting the record of everyone's actions is kept apart from the people it records. */
  deleteAuditTrail: { roles: ['ig-lead'], whileLocked: true },
};

export const DEFAULT_ACCESS: Access = OFFICER;

export const accessOf = (method: string): Access => ACCESS[method as keyof EngineApi] ?? DEFAULT_ACCESS;

export const mayCall = (access: Access, role: Role): boolean =>
  access.roles === 'any' || access.roles.includes(role);
