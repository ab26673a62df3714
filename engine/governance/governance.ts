/**
 * Information governance in the engine: who is using it (profiles.ts), what they did (the
 * hash-chained audit trail: trail.ts over engine/audit), how long data is kept (retention-keeper.ts,
 * wipe.ts) and whether it can be read at rest (encryption.ts over engine/store/cipher.ts). This
 * file puts them together and gives the engine its governance methods.
 *
 * It sits around the engine in two places:
 * - in front: `guard` (guard.ts) wraps every method of the engine's surface with the role and lock
 *   checks of policy.ts, and records the reads that show record contents (and exports) before
 *   their result is handed over;
 * - at the end of every change: the engine's `commit` hands the change to `commit` here, which
 *   works out its audit entries (audit-of-change.ts) and stores change and entries in one
 *   transaction.
 */

import { type Outcome, ok } from '../../shared/workspace';
import type { EngineApi } from '../api/engine-api';
import type {
  AuditCheck,
  EncryptionState,
  GovernanceSettings,
  GovernanceStatus,
  Profile,
  PurgeReport,
  WipeReport,
} from '../api/governance-types';
import { AuditDraftError, type ChainAnchor } from '../audit';
import type { Commit, IdleClock, Store } from '../store';
import type { WorkspaceState } from '../workspace/state';
import { type AuditBody, auditOfChange } from './audit-of-change';
import { Encryption } from './encryption';
import { EMPTY_SNAPSHOT, type EngineHooks } from './engine-hooks';
import { guard } from './guard';
import { Profiles } from './profiles';
import { invalid } from './refusals';
import { DEFAULT_SETTINGS, type RetentionMap } from './retention';
import { RetentionKeeper } from './retention-keeper';
import { SETTING } from './setting-keys';
import { settingsChange } from './settings-change';
import { AuditTrail } from './trail';
import { wipeStore } from './wipe';

export { MIN_PASSPHRASE_LENGTH } from './encryption';
export { EMPTY_SNAPSHOT, type EngineHooks } from './engine-hooks';

export interface GovernanceOptions {
  now: () => Date;
  /** Timers of the idle lock (tests move time). */
  idleClock?: IdleClock;
  /** PBKDF2 iterations for new keys; cipher.ts's default (600,000) unless a test needs speed. */
  kdfIterations?: number;
  /** Look for data past its retention period this often while running (as well as at start and unlock). */
  retentionCheckEveryMs?: number;
}

/** The governance methods of the engine's surface (see EngineApi for what each does). */
export type GovernanceMethods = Pick<
  EngineApi,
  | 'governanceStatus'
  | 'switchProfile'
  | 'saveProfile'
  | 'auditLog'
  | 'verifyAudit'
  | 'exportAudit'
  | 'noteExport'
  | 'updateGovernanceSettings'
  | 'setRetention'
  | 'purgeExpired'
  | 'wipeEverything'
  | 'deleteAuditTrail'
  | 'enableEncryption'
  | 'unlock'
  | 'lock'
  | 'changePassphrase'
  | 'disableEncryption'
>;

/** What `open` reads from the store. */
interface Stored {
  profiles?: Profile[];
  actorId?: string;
  config?: Partial<GovernanceSettings>;
  retention?: RetentionMap;
  lastPurge?: PurgeReport;
  lastWipe?: WipeReport;
  lastVerification?: AuditCheck;
  anchor: ChainAnchor;
  encryptionOn: boolean;
}

export class Governance {
  private settings: GovernanceSettings;
  private lastWipe: WipeReport | null;
  private hooks: EngineHooks | null = null;
  private readonly trail: AuditTrail;
  /** Set by `open`: on first run the profile it creates is recorded through the trail. */
  private profiles!: Profiles;
  private readonly retention: RetentionKeeper;
  private readonly encryption: Encryption;

  private constructor(
    private readonly store: Store,
    private readonly options: GovernanceOptions,
    stored: Stored,
  ) {
    const { now } = options;
    const hooks = () => this.hooks!;
    this.settings = { ...DEFAULT_SETTINGS, ...stored.config };
    this.lastWipe = stored.lastWipe ?? null;
    this.trail = new AuditTrail(store, now, () => this.actor, stored.anchor, stored.lastVerification ?? null);
    this.retention = new RetentionKeeper(
      { store, trail: this.trail, now, hooks, defaultDays: () => this.settings.defaultRetentionDays },
      stored.retention ?? {},
      stored.lastPurge ?? null,
    );
    this.encryption = new Encryption(
      {
        store,
        trail: this.trail,
        hooks,
        idleMinutes: () => this.settings.idleLockMinutes,
        afterUnlock: (signal) => this.retention.purge('retention', signal),
        kdfIterations: options.kdfIterations,
        idleClock: options.idleClock,
      },
      stored.encryptionOn,
    );
  }

  /** Reads the governance settings; on first run creates a data-officer profile (audited). */
  static async open(store: Store, options: GovernanceOptions): Promise<Governance> {
    const setting = <T>(key: string) => store.getSetting<T>(key);
    const [profiles, actorId, config, retention, lastPurge, lastWipe, lastVerification, anchor, info] =
      await Promise.all([
        setting<Profile[]>(SETTING.profiles),
        setting<string>(SETTING.actor),
        setting<Partial<GovernanceSettings>>(SETTING.config),
        setting<RetentionMap>(SETTING.retention),
        setting<PurgeReport>(SETTING.lastPurge),
        setting<WipeReport>(SETTING.lastWipe),
        setting<AuditCheck>(SETTING.lastVerification),
        store.auditAnchor(),
        store.keyInfo(),
      ]);
    const g = new Governance(store, options, {
      profiles,
      actorId,
      config,
      retention,
      lastPurge,
      lastWipe,
      lastVerification,
      anchor,
      encryptionOn: info !== null,
    });
    // An engine starts locked when encryption is on, whatever key its store was last given.
    if (g.encryption.on) store.setKey(null);
    g.profiles = await Profiles.open(store, options.now, g.trail, profiles, actorId);
    return g;
  }

  get locked(): boolean {
    return this.store.isLocked();
  }

  get actor(): Profile {
    return this.profiles.current;
  }

  /**
   * Connects to the engine: purges what is already past its retention period (when unlocked),
   * starts the periodic check, and returns the engine's surface with the governance methods
   * added, behind the guard.
   */
  async attach(hooks: EngineHooks, api: Omit<EngineApi, keyof GovernanceMethods>): Promise<EngineApi> {
    this.hooks = hooks;
    await hooks.change((signal) => this.retention.purge('retention', signal));
    const every = this.options.retentionCheckEveryMs;
    if (every !== undefined && every > 0)
      setInterval(() => void hooks.change((signal) => this.retention.purge('retention', signal)), every);
    return this.guard({ ...api, ...this.methods(hooks) } as EngineApi);
  }

  /**
   * The end of every change to the data (the engine's `commit`): the change, its audit entries
   * (and the retention clock of the datasets it adds, replaces or removes) in one transaction.
   */
  async commit(
    before: WorkspaceState,
    next: WorkspaceState,
    change: Commit,
    extra: readonly AuditBody[] = [],
  ): Promise<void> {
    const now = this.options.now();
    const bodies = [...(await auditOfChange(before, next, change, this.retention.context)), ...extra];
    const retention = this.retention.stage(before, change, now);
    const putSettings = { ...change.putSettings, ...retention.putSettings };
    await this.trail.append(bodies, (entries) =>
      this.store.commit({ ...change, putSettings, appendAudit: entries }),
    );
    retention.apply();
  }

  /** Every method behind the role and lock checks; reads of record contents recorded first. */
  guard(api: EngineApi): EngineApi {
    return guard(api, {
      touch: () => this.encryption.touch(),
      locked: () => this.locked,
      actor: () => this.actor,
      record: (bodies) => this.trail.record(bodies),
      setRetention: (datasetId, days) =>
        this.hooks!.change((signal) => this.retention.set(datasetId, days, signal)),
    });
  }

  private methods(hooks: EngineHooks): GovernanceMethods {
    const { trail, profiles, retention, encryption } = this;
    return {
      governanceStatus: async () => ok(await this.status()),
      switchProfile: (profileId) => hooks.change(async () => profiles.switchTo(profileId)),
      saveProfile: (profile) => hooks.change(async () => profiles.save(profile)),
      auditLog: async (options) => ok(await trail.page(options ?? {})),
      verifyAudit: async () => ok(await trail.verify()),
      exportAudit: async (format) => trail.export(format),
      noteExport: async (kind, rowCount, destination) => {
        try {
          await trail.record([{ action: 'export', details: { kind, rowCount, destination } }]);
          return ok(undefined);
        } catch (e) {
          if (e instanceof AuditDraftError) return invalid(e.message);
          throw e;
        }
      },
      updateGovernanceSettings: (settings) => hooks.change((signal) => this.updateSettings(settings, signal)),
      setRetention: (datasetId, days) => hooks.change((signal) => retention.set(datasetId, days, signal)),
      purgeExpired: () => hooks.change((signal) => retention.purge('retention', signal)),
      wipeEverything: () => hooks.change(async () => this.wipe(hooks)),
      deleteAuditTrail: (confirmHeadHash) => hooks.change(async () => trail.delete(confirmHeadHash)),
      enableEncryption: (passphrase) => hooks.change(async () => encryption.enable(passphrase)),
      unlock: (passphrase) => hooks.change((signal) => encryption.unlock(passphrase, signal)),
      lock: () => hooks.change(async () => encryption.lock('manual')),
      changePassphrase: (current, next) =>
        hooks.change(async () => encryption.changePassphrase(current, next)),
      disableEncryption: (passphrase) => hooks.change(async () => encryption.disable(passphrase)),
    };
  }

  private async status(): Promise<GovernanceStatus> {
    const encryption: EncryptionState = !this.encryption.on ? 'off' : this.locked ? 'locked' : 'unlocked';
    return {
      actor: this.actor,
      profiles: this.profiles.all,
      encryption,
      settings: { ...this.settings },
      retention: this.retention.summary(await this.datasetsNow()),
      audit: this.trail.summary,
      lastWipe: this.lastWipe,
    };
  }

  /** While locked the engine holds no state: the dataset descriptions are read from the store. */
  private async datasetsNow() {
    return this.locked ? await this.store.datasets() : [...this.hooks!.state().datasets];
  }

  private async updateSettings(
    changes: Partial<GovernanceSettings>,
    signal: AbortSignal,
  ): Promise<Outcome<GovernanceStatus>> {
    const change = settingsChange(this.settings, changes);
    if (!change.ok) return change;
    const { next, bodies } = change.value;
    if (bodies.length) {
      await this.trail.append(bodies, (entries) =>
        this.store.commit({ putSettings: { [SETTING.config]: next }, appendAudit: entries }),
      );
      const idleChanged = next.idleLockMinutes !== this.settings.idleLockMinutes;
      this.settings = next;
      if (idleChanged) this.encryption.restartIdle();
      // A shorter default may put data past its period now.
      const purged = await this.retention.purge('retention', signal);
      if (!purged.ok) return purged;
    }
    return ok(await this.status());
  }

  /**
   * Deletes every dataset, record, table, model, result, decision and run, and the workspace's
   * settings (wipe.ts); profiles, governance settings, the trail and the key information stay.
   */
  private async wipe(hooks: EngineHooks): Promise<Outcome<WipeReport>> {
    const report = await wipeStore(this.store, this.trail, hooks, this.actor, this.options.now);
    this.retention.forget();
    this.lastWipe = report;
    hooks.load(EMPTY_SNAPSHOT);
    await this.store.putSetting(SETTING.lastWipe, report);
    return ok(report);
  }
}
