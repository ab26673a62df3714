export {
  changePassphrase,
  createKey,
  DEFAULT_ITERATIONS,
  type IdleClock,
  IdleLock,
  type KeyInfo,
  unlock as unlockKey,
} from './cipher';
export {
  DexieStore,
  type DexieStoreOptions,
  mapStorageError,
  SCHEMA_VERSIONS,
  type SchemaVersion,
} from './dexie';
export { MemoryStore } from './memory';
export { pack, unpack } from './pack';
export {
  AuditConflictError,
  type Commit,
  type PendingOperation,
  type Snapshot,
  StorageFullError,
  StorageUnavailableError,
  type Store,
  type StoredModel,
  type StoredResults,
  StoreLockedError,
  UndecryptableError,
  type WipeCounts,
  type WipeRequest,
} from './port';
export { SEALED_TABLES } from './sealing';
