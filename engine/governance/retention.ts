/**
 * Retention: how long each dataset is kept on the device. A dataset's clock starts when its
 * current contents arrived (imported, or replaced by a newer file); its period is its own or the
 * default. The Records Management Code of Practice sets no period for linkage working data (it is
 * UNCONFIRMED in the domain brief), so the default is a setting, 90 days unless changed: long
 * enough for the 21-day continuity window of a quarter's releases to close and be reported.
 */
import type { DatasetInfo } from '../../shared/workspace';
import type { DatasetRetention, GovernanceSettings } from '../api/governance-types';

export const DEFAULT_SETTINGS: GovernanceSettings = { defaultRetentionDays: 90, idleLockMinutes: 15 };

export const LIMITS = {
  retentionDays: { min: 1, max: 3650 },
  idleLockMinutes: { min: 1, max: 240 },
} as const;

/** Per dataset: when its contents arrived, and its own period (null: the default). */
export type RetentionMap = Record<string, { since: string; days: number | null }>;

const DAY_MS = 86_400_000;

export function withinLimits(value: unknown, limits: { min: number; max: number }): value is number {
  return Number.isInteger(value) && (value as number) >= limits.min && (value as number) <= limits.max;
}

/** Each dataset's retention, in the order given. */
export function retentionOf(
  datasets: readonly DatasetInfo[],
  map: RetentionMap,
  defaultDays: number,
): DatasetRetention[] {
  return datasets.map((d) => {
    const own = map[d.id];
    const since = own?.since ?? d.importedAt;
    const days = own?.days ?? null;
    const effectiveDays = days ?? defaultDays;
    return {
      datasetId: d.id,
      name: d.name,
      fileName: d.fileName,
      side: d.side,
      rowCount: d.rowCount,
      since,
      days,
      effectiveDays,
      expiresAt: new Date(Date.parse(since) + effectiveDays * DAY_MS).toISOString(),
    };
  });
}

/** The datasets whose period has run out at `now`. */
export const expiredAt = (retention: readonly DatasetRetention[], now: Date): DatasetRetention[] =>
  retention.filter((r) => Date.parse(r.expiresAt) <= now.getTime());

/**
 * The map after a change: a new dataset starts its clock now, a replaced one restarts it (its own
 * period stays), a removed one leaves. Null when nothing changed.
 */
export function retentionAfter(
  map: RetentionMap,
  change: { added: readonly string[]; replaced: readonly string[]; removed: readonly string[] },
  now: Date,
): RetentionMap | null {
  if (!change.added.length && !change.replaced.length && !change.removed.length) return null;
  const next = { ...map };
  const at = now.toISOString();
  for (const id of change.added) next[id] = { since: at, days: next[id]?.days ?? null };
  for (const id of change.replaced) next[id] = { since: at, days: next[id]?.days ?? null };
  for (const id of change.removed) delete next[id];
  return next;
}
