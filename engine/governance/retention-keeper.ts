/**
 * Keeps each dataset's retention clock (retention.ts has the rules) and purges what is past it.
 * The clock moves in the same transaction as the import, replacement or removal that moves it. A
 * purge is the engine's own dataset removal run with a purge context, so it re-matches and is
 * audited as `purge`.
 */
import type { DatasetInfo, Outcome } from '../../shared/workspace';
import { fail, ok } from '../../shared/workspace';
import type { DatasetRetention, GovernanceStatus, PurgeReport } from '../api/governance-types';
import type { Commit } from '../store';
import type { WorkspaceState } from '../workspace/state';
import type { ChangeContext } from './audit-of-change';
import type { EngineHooks } from './engine-hooks';
import { invalid, RETENTION_DAYS_RULE } from './refusals';
import { expiredAt, LIMITS, type RetentionMap, retentionAfter, retentionOf, withinLimits } from './retention';
import { SETTING } from './setting-keys';
import type { AuditTrail } from './trail';

export interface RetentionKeeperDeps {
  store: { isLocked(): boolean; commit(change: Commit): Promise<void> };
  trail: AuditTrail;
  now: () => Date;
  /** The engine (known once attached). */
  hooks: () => EngineHooks;
  /** The period of a dataset without its own (a governance setting). */
  defaultDays: () => number;
}

export class RetentionKeeper {
  private lastCheck: string | null = null;
  /** Set while a purge drives the engine's removal, so its commit is audited as a purge. */
  private changeContext: ChangeContext = null;
  /** The purge under way: `stage` adds each dataset as its removal is stored. */
  private purging: PurgeReport | null = null;

  constructor(
    private readonly deps: RetentionKeeperDeps,
    private map: RetentionMap,
    private lastPurge: PurgeReport | null,
  ) {}

  /** What a change is part of, for its audit entries (a purge, or the user's own doing). */
  get context(): ChangeContext {
    return this.changeContext;
  }

  summary(datasets: readonly DatasetInfo[]): GovernanceStatus['retention'] {
    return {
      datasets: retentionOf(datasets, this.map, this.deps.defaultDays()),
      lastPurge: this.lastPurge,
      lastCheck: this.lastCheck,
    };
  }

  /** After a wipe: no dataset left to keep. */
  forget(): void {
    this.map = {};
  }

  /**
   * The settings a change stores with it (the clocks of the datasets it adds, replaces or removes;
   * the purge report so far), and `apply`, to call once it is stored.
   */
  stage(
    before: WorkspaceState,
    change: Commit,
    now: Date,
  ): { putSettings: Record<string, unknown>; apply(): void } {
    const known = new Set(before.datasets.map((d) => d.id));
    const putIds = (change.putDatasets ?? []).map((d) => d.id);
    const retention = retentionAfter(
      this.map,
      {
        added: putIds.filter((id) => !known.has(id)),
        replaced: putIds.filter((id) => known.has(id) && change.clearRecordsOf?.includes(id)),
        removed: (change.deleteDatasets ?? []).filter((id) => known.has(id)),
      },
      now,
    );
    const putSettings: Record<string, unknown> = {};
    if (retention) putSettings[SETTING.retention] = retention;
    let purged: PurgeReport | null = null;
    if (this.purging && change.deleteDatasets?.length) {
      const gone = before.datasets.filter((d) => change.deleteDatasets?.includes(d.id));
      purged = {
        ...this.purging,
        datasets: [
          ...this.purging.datasets,
          ...gone.map((d) => ({ datasetId: d.id, name: d.name, recordCount: d.rowCount })),
        ],
      };
      putSettings[SETTING.lastPurge] = purged;
    }
    return {
      putSettings,
      apply: () => {
        if (retention) this.map = retention;
        if (purged) this.purging = purged;
      },
    };
  }

  /** Gives a dataset its own period (null: the default), then purges what that puts past it. */
  async set(datasetId: string, days: number | null, signal: AbortSignal): Promise<Outcome<DatasetRetention>> {
    const dataset = this.deps
      .hooks()
      .state()
      .datasets.find((d) => d.id === datasetId);
    if (!dataset) return fail({ kind: 'not-found', message: `There is no dataset ${datasetId}.` });
    if (days !== null && !withinLimits(days, LIMITS.retentionDays)) return invalid(RETENTION_DAYS_RULE);
    const current = this.map[datasetId] ?? { since: dataset.importedAt, days: null };
    if (current.days !== days) {
      const map = { ...this.map, [datasetId]: { ...current, days } };
      // The trail takes a setting's name only in the form of one; an odd dataset id is not named.
      const setting = /^[a-z][A-Za-z0-9.-]{0,53}$/.test(datasetId)
        ? `retention.${datasetId}`
        : 'retention.dataset';
      await this.deps.trail.append(
        [
          {
            action: 'settings-change',
            details: { setting, from: current.days ?? 'default', to: days ?? 'default' },
          },
        ],
        (entries) =>
          this.deps.store.commit({ putSettings: { [SETTING.retention]: map }, appendAudit: entries }),
      );
      this.map = map;
    }
    const [retention] = retentionOf([dataset], this.map, this.deps.defaultDays());
    const purged = await this.purge('retention', signal);
    if (!purged.ok) return purged;
    return ok(retention!);
  }

  /**
   * Removes every dataset past its retention period, one removal (and re-match) at a time, each
   * stored with its 'purge' audit entry; the results then no longer refer to them. Nothing while
   * locked: the data cannot be read, and the next unlock purges.
   */
  async purge(trigger: 'retention' | 'manual', signal: AbortSignal): Promise<Outcome<PurgeReport | null>> {
    if (this.deps.store.isLocked()) return ok(null);
    const now = this.deps.now();
    this.lastCheck = now.toISOString();
    const hooks = this.deps.hooks();
    const due = expiredAt(retentionOf(hooks.state().datasets, this.map, this.deps.defaultDays()), now);
    if (!due.length) return ok(null);
    this.purging = { at: now.toISOString(), trigger, datasets: [] };
    try {
      for (const d of due) {
        this.changeContext = { purge: trigger };
        try {
          const removed = await hooks.removeDataset(d.datasetId, signal);
          if (!removed.ok) return removed;
        } finally {
          this.changeContext = null;
        }
      }
      this.lastPurge = this.purging;
      return ok(this.purging);
    } finally {
      this.purging = null;
    }
  }
}
