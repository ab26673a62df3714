import type { DatasetInfo, Side } from '../../shared/workspace';
import { recordKey } from '../../shared/workspace';
import { type ContinuityRule, DEFAULT_RULE } from '../continuity';
import { concatTables, type NormalisedTable } from '../normalise';
import type { PairDecision } from '../review';
import type { Snapshot, StoredModel, StoredResults } from '../store';

/**
 * Everything the engine holds about the workspace, as one immutable value: an operation builds
 * the next state, stores it, and only then replaces the current one, so a failed write leaves
 * memory and storage as they were.
 */
export interface WorkspaceState {
  /** In the order they were imported; frame order follows it. */
  datasets: readonly DatasetInfo[];
  /** Each dataset's records with its own record ids. */
  tables: ReadonlyMap<string, NormalisedTable>;
  model: StoredModel | null;
  /** Clerical decisions, by record key. */
  decisions: readonly PairDecision[];
  results: StoredResults | null;
  rule: ContinuityRule;
}

export function stateFromSnapshot(snapshot: Snapshot): WorkspaceState {
  return {
    // The store returns datasets by id; frame order is import order.
    datasets: [...snapshot.datasets].sort(
      (a, b) => a.importedAt.localeCompare(b.importedAt) || a.id.localeCompare(b.id),
    ),
    tables: snapshot.tables,
    model: snapshot.model,
    decisions: snapshot.decisions,
    results: snapshot.results,
    rule: DEFAULT_RULE,
  };
}

export const datasetsOn = (state: WorkspaceState, side: Side): DatasetInfo[] =>
  state.datasets.filter((d) => d.side === side);

/**
 * One side's datasets stacked into one table whose ids are record keys (dataset/record), so
 * that two datasets may use the same record ids.
 */
export function sideTable(state: WorkspaceState, side: Side): NormalisedTable {
  const datasets = datasetsOn(state, side);
  const tables = datasets.map((d) => {
    const t = state.tables.get(d.id);
    if (!t) throw new Error(`dataset ${d.id} has no table`);
    return t;
  });
  // Stacking 100,000 records takes a while; a weekly list only adds a dataset on one side, so
  // the last stack of each side is reused, whole or as the start of the new one.
  const last = lastStack.get(side);
  const reusable = last && last.parts.length <= tables.length && last.parts.every((t, i) => t === tables[i]);
  const from = reusable ? last.parts.length : 0;
  if (reusable && from === tables.length) return last.table;
  const added = concatTables(tables.slice(from), {
    file: side,
    ids: (t, i) => t.ids.map((id) => recordKey(datasets[from + i].id, id)),
  });
  const table = reusable ? concatTables([last.table, added], { file: side }) : added;
  lastStack.set(side, { parts: tables, table });
  return table;
}

const lastStack = new Map<Side, { parts: NormalisedTable[]; table: NormalisedTable }>();
