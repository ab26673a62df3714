export {
  DexieStore,
  type DexieStoreOptions,
  mapStorageError,
  SCHEMA_VERSIONS,
  type SchemaVersion,
} from './dexie';
export { MemoryStore } from './memory';
export {
  type Commit,
  type PendingOperation,
  type Snapshot,
  StorageFullError,
  StorageUnavailableError,
  type Store,
  type StoredModel,
  type StoredResults,
} from './port';
