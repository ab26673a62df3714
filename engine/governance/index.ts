export {
  type AuditBody,
  auditFileName,
  auditKey,
  auditOfChange,
  type ChangeContext,
} from './audit-of-change';
export {
  EMPTY_SNAPSHOT,
  type EngineHooks,
  Governance,
  type GovernanceMethods,
  type GovernanceOptions,
  MIN_PASSPHRASE_LENGTH,
} from './governance';
export { ACCESS, type Access, accessOf, DEFAULT_ACCESS, mayCall, PLAIN_METHODS } from './policy';
export {
  DEFAULT_SETTINGS,
  expiredAt,
  LIMITS,
  type RetentionMap,
  retentionAfter,
  retentionOf,
} from './retention';
