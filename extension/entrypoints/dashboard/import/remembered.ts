/**
 * Remembered column mappings: when a file with the same set of headers (the engine's header
 * signature) is chosen again for the same side, the mapping the user confirmed last time is
 * applied.
 *
 * Kept in chrome.storage.local (a versioned WXT storage item), not in the engine's IndexedDB:
 * headers and field choices are configuration about a source system's layout, never personal
 * data, so they need not sit with the records; they should outlive a purge of the workspace;
 * and the engine stays the only writer of the workspace with an API about data only.
 */
import { storage } from 'wxt/utils/storage';
import type { CanonicalField } from '../../../../shared/person';
import type { DateOrder, Side } from '../../../../shared/workspace';

export interface RememberedMapping {
  /** Header (as in the file when confirmed) to field; null for a column the user chose to ignore. */
  mapping: Record<string, CanonicalField | null>;
  dateOrder: DateOrder;
  /** The file it was confirmed for, and when (ISO). */
  fileName: string;
  savedAt: string;
}

/** Oldest entries are forgotten beyond this many layouts. */
const MAX_REMEMBERED = 100;

const mappings = storage.defineItem<Record<string, RememberedMapping>>('local:importMappings', {
  fallback: {},
  version: 1,
});

const keyOf = (side: Side, signature: string): string => `${side}:${signature}`;

export async function recall(side: Side, signature: string): Promise<RememberedMapping | null> {
  if (!signature) return null;
  return (await mappings.getValue())[keyOf(side, signature)] ?? null;
}

export async function remember(side: Side, signature: string, entry: RememberedMapping): Promise<void> {
  if (!signature) return;
  const all = { ...(await mappings.getValue()), [keyOf(side, signature)]: entry };
  const newestFirst = Object.entries(all).sort(([, a], [, b]) => b.savedAt.localeCompare(a.savedAt));
  await mappings.setValue(Object.fromEntries(newestFirst.slice(0, MAX_REMEMBERED)));
}
