export { canonicalJson } from './canonical';
export {
  type AuditEntry,
  appendEntry,
  type ChainAnchor,
  type ChainProblem,
  type ChainVerification,
  chainAnchor,
  entryHash,
  GENESIS_HASH,
  verifyChain,
} from './chain';
export {
  AUDIT_ACTIONS,
  AUDIT_DETAILS,
  AUDIT_ROLES,
  type AuditAction,
  type AuditActor,
  type AuditDetails,
  type AuditDetailsOf,
  type AuditDraft,
  AuditDraftError,
  type AuditRole,
  checkDraft,
  type DraftCheck,
  type DraftProblem,
  EXPORT_KINDS,
  RUN_COUNTS,
} from './details';
export { AUDIT_CSV_HEADER, auditToCsv, auditToJson } from './export';
