/** The engine as the governance layer sees it: what it calls back, and the state it empties to. */
import type { Outcome } from '../../shared/workspace';
import type { ChangeSummary } from '../api/engine-api';
import type { Snapshot } from '../store';
import type { WorkspaceState } from '../workspace/state';

/** What the governance layer needs from the engine it wraps. */
export interface EngineHooks {
  state(): WorkspaceState;
  /** Runs `work` after the changes queued before it (the engine's one queue); errors become values. */
  change<T>(work: (signal: AbortSignal) => Promise<Outcome<T>>): Promise<Outcome<T>>;
  /** The engine's own removal of a dataset (its records, table and decisions), then a re-match. */
  removeDataset(datasetId: string, signal: AbortSignal): Promise<Outcome<ChangeSummary>>;
  /** Makes a snapshot the engine's state (after unlocking or wiping), or an empty one (locking). */
  load(snapshot: Snapshot): void;
}

/** The engine's state while locked, and after a wipe. */
export const EMPTY_SNAPSHOT: Snapshot = {
  datasets: [],
  tables: new Map(),
  model: null,
  results: null,
  decisions: [],
  pending: null,
};
