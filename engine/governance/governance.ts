/**
 * Information governance in the engine: who is using it (profiles and roles), what they did (the
 * hash-chained audit trail, engine/audit), how long data is kept (retention, purge, wipe) and
 * whether it can be read at rest (encryption, engine/store/cipher.ts).
 *
 * It sits around the engine in two places:
 * - in front: `guard` wraps every method of the engine's surface with the role and lock checks
 *   of policy.ts, and records the reads that show record contents (and exports) before their
 *   result is handed over;
 * - at the end of every change: the engine's `commit` hands the change to `commit` here, which
 *   works out its audit entries (audit-of-change.ts) and stores change and entries in one
 *   transaction.
 *
 * Entries are made one at a time (a small lock), each after the stored head, so the trail stays
 * one chain even when a read is recorded while a change is being stored.
 */

import {
  type EngineError,
  fail,
  type LookupResult,
  type Outcome,
  ok,
  type StoredRecord,
} from '../../shared/workspace';
import type { ChangeSummary, EngineApi } from '../api/engine-api';
import {
  type AuditCheck,
  type AuditPage,
  type DatasetRetention,
  type EncryptionState,
  type GovernanceSettings,
  type GovernanceStatus,
  type Profile,
  type PurgeReport,
  ROLE_LABELS,
  ROLES,
  type Role,
  type ViewSurface,
  type WipeReport,
} from '../api/governance-types';
import type { ExportFile } from '../api/report-types';
import {
  type AuditDraft,
  AuditDraftError,
  type AuditEntry,
  appendEntry,
  auditToCsv,
  auditToJson,
  type ChainAnchor,
  chainAnchor,
  verifyChain,
} from '../audit';
import type { Commit } from '../store';
import {
  AuditConflictError,
  changePassphrase,
  createKey,
  type IdleClock,
  IdleLock,
  type KeyInfo,
  type Snapshot,
  type Store,
  UndecryptableError,
  unlockKey,
} from '../store';
import type { WorkspaceState } from '../workspace/state';
import { type AuditBody, auditKey, auditOfChange, type ChangeContext } from './audit-of-change';
import { accessOf, mayCall } from './policy';
import {
  DEFAULT_SETTINGS,
  expiredAt,
  LIMITS,
  type RetentionMap,
  retentionAfter,
  retentionOf,
  withinLimits,
} from './retention';

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

export interface GovernanceOptions {
  now: () => Date;
  /** Timers of the idle lock (tests move time). */
  idleClock?: IdleClock;
  /** PBKDF2 iterations for new keys; cipher.ts's default (600,000) unless a test needs speed. */
  kdfIterations?: number;
  /** Look for data past its retention period this often while running (as well as at start and unlock). */
  retentionCheckEveryMs?: number;
}

/** The settings this layer keeps (store user settings). */
const SETTING = {
  profiles: 'governance.profiles',
  actor: 'governance.actor',
  config: 'governance.config',
  retention: 'governance.retention',
  lastPurge: 'governance.lastPurge',
  lastWipe: 'governance.lastWipe',
  lastVerification: 'governance.lastVerification',
} as const;

/**
 * Kept by a wipe: who uses throughline here and how it is governed are configuration, not data
 * about service users; the trail they are needed to read is kept too.
 */
const KEPT_ON_WIPE = [
  SETTING.profiles,
  SETTING.actor,
  SETTING.config,
  SETTING.lastPurge,
  SETTING.lastWipe,
  SETTING.lastVerification,
];

export const EMPTY_SNAPSHOT: Snapshot = {
  datasets: [],
  tables: new Map(),
  model: null,
  results: null,
  decisions: [],
  pending: null,
};

/** Passphrases: NCSC advises length (three random words) over composition rules. */
export const MIN_PASSPHRASE_LENGTH = 12;

const LOCKED: EngineError = {
  kind: 'locked',
  message: 'throughline is locked (encryption at rest): enter the passphrase to unlock it.',
};
const WRONG_PASSPHRASE: EngineError = {
  kind: 'wrong-passphrase',
  message: 'The passphrase is not correct. Nothing was changed.',
};
const invalid = <T>(message: string): Outcome<T> => fail({ kind: 'invalid-input', message, issues: [] });
const conflict = <T>(message: string): Outcome<T> => fail({ kind: 'conflict', message });

/** What each role is for, in the words of a refusal. */
const ROLE_SCOPE: Record<Role, string> = {
  'data-officer': 'everything',
  caseworker: 'badges and the side panel',
  'ig-lead': 'the information-governance page and the audit trail, never record contents',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const DISPLAY_NAME = /^[^\x00-\x1f\x7f]{1,100}$/;

/** Where an entry after the anchor's head starts: only its number and hash are needed. */
const headOf = (anchor: ChainAnchor): AuditEntry | null =>
  anchor.count === 0 ? null : ({ seq: anchor.count - 1, hash: anchor.headHash } as AuditEntry);

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const utf8Bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

export class Governance {
  private profiles: Profile[] = [];
  private actorId = '';
  private settings: GovernanceSettings = DEFAULT_SETTINGS;
  private retention: RetentionMap = {};
  private lastPurge: PurgeReport | null = null;
  private lastWipe: WipeReport | null = null;
  private lastVerification: AuditCheck | null = null;
  private lastCheck: string | null = null;
  private anchor: ChainAnchor = { count: 0, headHash: '' };
  private encryptionOn = false;
  /** Serialises appends to the trail (reads are recorded while changes are being stored). */
  private appending: Promise<unknown> = Promise.resolve();
  /** Set while the governance layer itself drives a change (a purge). */
  private context: ChangeContext = null;
  private purging: PurgeReport | null = null;
  private idle: IdleLock<CryptoKey> | null = null;
  private stopIdleListener: (() => void) | null = null;
  private failures = 0;
  private hooks: EngineHooks | null = null;

  private constructor(
    private readonly store: Store,
    private readonly options: GovernanceOptions,
  ) {}

  /** Reads the governance settings; on first run creates a data-officer profile (audited). */
  static async open(store: Store, options: GovernanceOptions): Promise<Governance> {
    const g = new Governance(store, options);
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
    g.settings = { ...DEFAULT_SETTINGS, ...config };
    g.retention = retention ?? {};
    g.lastPurge = lastPurge ?? null;
    g.lastWipe = lastWipe ?? null;
    g.lastVerification = lastVerification ?? null;
    g.anchor = anchor;
    g.encryptionOn = info !== null;
    // An engine starts locked when encryption is on, whatever key its store was last given.
    if (g.encryptionOn) store.setKey(null);
    if (profiles?.length) {
      g.profiles = profiles;
      g.actorId = profiles.some((p) => p.id === actorId) ? (actorId as string) : profiles[0]!.id;
    } else {
      const first: Profile = {
        id: `p-${options.now().getTime().toString(36)}`,
        displayName: 'Data officer',
        role: 'data-officer',
        createdAt: options.now().toISOString(),
      };
      g.profiles = [first];
      g.actorId = first.id;
      await g.append(
        [
          { action: 'role-change', details: { profileId: first.id, from: null, to: 'data-officer' } },
          { action: 'switch-profile', details: { from: null, to: first.id } },
        ],
        (entries) =>
          store.commit({
            putSettings: { [SETTING.profiles]: g.profiles, [SETTING.actor]: first.id },
            appendAudit: entries,
          }),
      );
    }
    return g;
  }

  get locked(): boolean {
    return this.store.isLocked();
  }

  get actor(): Profile {
    return this.profiles.find((p) => p.id === this.actorId) ?? this.profiles[0]!;
  }

  /**
   * Connects to the engine: purges what is already past its retention period (when unlocked),
   * starts the periodic check, and returns the engine's surface with the governance methods
   * added, behind the guard.
   */
  async attach(hooks: EngineHooks, api: Omit<EngineApi, keyof GovernanceMethods>): Promise<EngineApi> {
    this.hooks = hooks;
    await hooks.change((signal) => this.purge('retention', signal));
    const every = this.options.retentionCheckEveryMs;
    if (every !== undefined && every > 0)
      setInterval(() => void hooks.change((signal) => this.purge('retention', signal)), every);
    return this.guard({ ...api, ...this.methods() } as EngineApi);
  }

  // ---- the trail ----

  /**
   * Makes the entries for `bodies` after the current head, as `actor` (the current profile), and
   * hands them to `write`, which stores them with whatever they record in one transaction. The
   * head moves only when `write` succeeds.
   */
  private append<T>(
    bodies: readonly AuditBody[],
    write: (entries: AuditEntry[]) => Promise<T>,
    actor: Profile = this.actor,
  ): Promise<T> {
    const at = this.options.now();
    const who = { profileId: actor.id, displayName: actor.displayName, role: actor.role };
    const build = async (): Promise<AuditEntry[]> => {
      const entries: AuditEntry[] = [];
      let previous = headOf(this.anchor);
      for (const body of bodies) {
        previous = await appendEntry(previous, { actor: who, ...body } as AuditDraft, at);
        entries.push(previous);
      }
      return entries;
    };
    const run = async (): Promise<T> => {
      let entries = await build();
      let result: T;
      try {
        result = await write(entries);
      } catch (e) {
        // Another engine appended to the same store (only ever briefly, e.g. during an update):
        // follow the stored head once; the store checks it again in the same transaction.
        if (!(e instanceof AuditConflictError)) throw e;
        this.anchor = await this.store.auditAnchor();
        entries = await build();
        result = await write(entries);
      }
      if (entries.length) this.anchor = chainAnchor(entries.at(-1)!);
      return result;
    };
    const result = this.appending.then(run);
    this.appending = result.catch(() => undefined);
    return result;
  }

  /** Stores audit entries that record no change to the data (a view, an export, an unlock). */
  private record(bodies: readonly AuditBody[], actor?: Profile): Promise<void> {
    return this.append(bodies, (entries) => this.store.commit({ appendAudit: entries }), actor);
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
    const bodies = [...(await auditOfChange(before, next, change, this.context)), ...extra];
    const known = new Set(before.datasets.map((d) => d.id));
    const putIds = (change.putDatasets ?? []).map((d) => d.id);
    const retention = retentionAfter(
      this.retention,
      {
        added: putIds.filter((id) => !known.has(id)),
        replaced: putIds.filter((id) => known.has(id) && change.clearRecordsOf?.includes(id)),
        removed: (change.deleteDatasets ?? []).filter((id) => known.has(id)),
      },
      now,
    );
    const putSettings: Record<string, unknown> = { ...change.putSettings };
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
    await this.append(bodies, (entries) =>
      this.store.commit({ ...change, putSettings, appendAudit: entries }),
    );
    if (retention) this.retention = retention;
    if (purged) this.purging = purged;
  }

  // ---- the guard ----

  /** Every method behind the role and lock checks; reads of record contents recorded first. */
  guard(api: EngineApi): EngineApi {
    const guarded: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(api) as [
      string,
      (...args: unknown[]) => Promise<unknown>,
    ][]) {
      const access = accessOf(name);
      guarded[name] = async (...args: unknown[]): Promise<unknown> => {
        this.idle?.touch();
        if (!access.whileLocked && this.locked) return fail(LOCKED);
        const actor = this.actor;
        if (!mayCall(access, actor.role))
          return fail({
            kind: 'forbidden',
            message:
              `${actor.displayName} (${ROLE_LABELS[actor.role]}) cannot do this (${name}): ` +
              `that role is for ${ROLE_SCOPE[actor.role]}.`,
          });
        const days =
          name === 'importDataset' ? (args[0] as { retentionDays?: number }).retentionDays : undefined;
        if (days !== undefined && !withinLimits(days, LIMITS.retentionDays))
          return invalid(
            `A retention period is a whole number of days from 1 to ${LIMITS.retentionDays.max}.`,
          );
        const result = await method(...args);
        if (days !== undefined) return this.keepFor(result as Outcome<ChangeSummary>, days);
        return this.recordRead(name, args, result);
      };
    }
    return guarded as unknown as EngineApi;
  }

  /** An import asked for its own retention period: set once the dataset exists. */
  private async keepFor(imported: Outcome<ChangeSummary>, days: number): Promise<Outcome<ChangeSummary>> {
    const id = imported.ok ? imported.value.dataset?.id : undefined;
    if (!id) return imported;
    const set = await this.hooks!.change((signal) => this.setRetention(id, days, signal));
    return set.ok ? imported : set;
  }

  /**
   * Reads that hand over record contents or derived facts about people (lookups, records, the
   * review queue) and exports are recorded before their result is returned; if the entry cannot
   * be stored, the result is withheld.
   */
  private async recordRead(name: string, args: unknown[], result: unknown): Promise<unknown> {
    const outcome = result as Outcome<unknown>;
    if (!outcome || typeof outcome !== 'object' || !('ok' in outcome) || !outcome.ok) return result;
    const surfaceArg = (i: number): ViewSurface => (args[i] as ViewSurface | undefined) ?? 'cli';
    let keys: string[] = [];
    let surface: ViewSurface = 'dashboard';
    let exported: AuditBody | null = null;
    switch (name) {
      case 'records':
        keys = (outcome.value as StoredRecord[]).map((r) => `${r.datasetId}/${r.recordId}`);
        surface = surfaceArg(1);
        break;
      case 'lookup':
      case 'lookupBatch': {
        const found = name === 'lookup' ? [outcome.value as LookupResult] : (outcome.value as LookupResult[]);
        keys = found.flatMap((r) => (r.match ? [r.match.key] : []));
        surface = surfaceArg(1);
        break;
      }
      case 'reviewQueue':
        keys = (outcome.value as { leftKey: string; rightKey: string }[]).flatMap((i) => [
          i.leftKey,
          i.rightKey,
        ]);
        break;
      case 'exportContinuity': {
        const request = args[0] as { kind: string };
        exported = exportBody(request.kind === 'worklist' ? 'worklist-csv' : 'continuity-csv', outcome.value);
        break;
      }
      case 'exportMergeList':
        exported = exportBody('merge-list-csv', outcome.value);
        break;
      default:
        return result;
    }
    const bodies: AuditBody[] = exported ? [exported] : [];
    const unique = await Promise.all([...new Set(keys)].map(auditKey));
    for (const part of chunks(unique, 1000))
      bodies.push({ action: 'view-person', details: { recordKeys: part, surface } });
    if (!bodies.length) return result;
    try {
      await this.record(bodies);
    } catch {
      return fail({
        kind: 'storage-unavailable',
        message: 'This could not be recorded in the audit trail, so it is not shown. Nothing was changed.',
      });
    }
    return result;
  }

  // ---- the methods ----

  private methods(): GovernanceMethods {
    const hooks = this.hooks!;
    return {
      governanceStatus: async () => ok(await this.status()),
      switchProfile: (profileId) => hooks.change(async () => this.switchProfile(profileId)),
      saveProfile: (profile) => hooks.change(async () => this.saveProfile(profile)),
      auditLog: async (options) => ok(await this.auditLog(options ?? {})),
      verifyAudit: async () => ok(await this.verify()),
      exportAudit: async (format) => this.exportAudit(format),
      noteExport: async (kind, rowCount, destination) => {
        try {
          await this.record([{ action: 'export', details: { kind, rowCount, destination } }]);
          return ok(undefined);
        } catch (e) {
          if (e instanceof AuditDraftError) return invalid(e.message);
          throw e;
        }
      },
      updateGovernanceSettings: (settings) => hooks.change((signal) => this.updateSettings(settings, signal)),
      setRetention: (datasetId, days) => hooks.change((signal) => this.setRetention(datasetId, days, signal)),
      purgeExpired: () => hooks.change((signal) => this.purge('retention', signal)),
      wipeEverything: () => hooks.change(async () => this.wipe()),
      deleteAuditTrail: (confirmHeadHash) => hooks.change(async () => this.deleteTrail(confirmHeadHash)),
      enableEncryption: (passphrase) => hooks.change(async () => this.enableEncryption(passphrase)),
      unlock: (passphrase) => hooks.change((signal) => this.unlock(passphrase, signal)),
      lock: () => hooks.change(async () => this.lock('manual')),
      changePassphrase: (current, next) => hooks.change(async () => this.changePassphrase(current, next)),
      disableEncryption: (passphrase) => hooks.change(async () => this.disableEncryption(passphrase)),
    };
  }

  private async datasetsNow() {
    return this.locked ? await this.store.datasets() : [...this.hooks!.state().datasets];
  }

  private async status(): Promise<GovernanceStatus> {
    const encryption: EncryptionState = !this.encryptionOn ? 'off' : this.locked ? 'locked' : 'unlocked';
    return {
      actor: this.actor,
      profiles: [...this.profiles],
      encryption,
      settings: { ...this.settings },
      retention: {
        datasets: retentionOf(await this.datasetsNow(), this.retention, this.settings.defaultRetentionDays),
        lastPurge: this.lastPurge,
        lastCheck: this.lastCheck,
      },
      audit: { count: this.anchor.count, headHash: this.anchor.headHash, lastCheck: this.lastVerification },
      lastWipe: this.lastWipe,
    };
  }

  // profiles

  private async switchProfile(profileId: string): Promise<Outcome<Profile>> {
    const to = this.profiles.find((p) => p.id === profileId);
    if (!to) return fail({ kind: 'not-found', message: 'There is no such profile.' });
    if (to.id === this.actorId) return ok(to);
    const from = this.actorId;
    await this.append(
      [{ action: 'switch-profile', details: { from, to: to.id } }],
      (entries) => this.store.commit({ putSettings: { [SETTING.actor]: to.id }, appendAudit: entries }),
      to,
    );
    this.actorId = to.id;
    return ok(to);
  }

  private async saveProfile(input: {
    id?: string;
    displayName: string;
    role: Role;
  }): Promise<Outcome<Profile>> {
    const displayName = String(input.displayName ?? '').trim();
    if (!DISPLAY_NAME.test(displayName))
      return invalid(
        'A profile needs a name of 1 to 100 characters (the member of staff, as colleagues know them).',
      );
    if (!ROLES.includes(input.role)) return invalid(`Unknown role "${String(input.role)}".`);
    const now = this.options.now();
    const old = input.id ? this.profiles.find((p) => p.id === input.id) : undefined;
    if (input.id && !old) return fail({ kind: 'not-found', message: 'There is no such profile.' });
    let profile: Profile;
    const bodies: AuditBody[] = [];
    if (old) {
      const officers = this.profiles.filter((p) => p.role === 'data-officer');
      if (old.role === 'data-officer' && input.role !== 'data-officer' && officers.length === 1)
        return conflict('At least one profile must stay a data officer: they manage profiles and roles.');
      profile = { ...old, displayName, role: input.role };
      if (old.role !== input.role)
        bodies.push({
          action: 'role-change',
          details: { profileId: old.id, from: old.role, to: input.role },
        });
    } else {
      let id = `p-${now.getTime().toString(36)}`;
      for (let n = 1; this.profiles.some((p) => p.id === id); n++)
        id = `p-${now.getTime().toString(36)}-${n}`;
      profile = { id, displayName, role: input.role, createdAt: now.toISOString() };
      bodies.push({ action: 'role-change', details: { profileId: id, from: null, to: input.role } });
    }
    const profiles = old
      ? this.profiles.map((p) => (p.id === old.id ? profile : p))
      : [...this.profiles, profile];
    await this.append(bodies, (entries) =>
      this.store.commit({ putSettings: { [SETTING.profiles]: profiles }, appendAudit: entries }),
    );
    this.profiles = profiles;
    return ok(profile);
  }

  // the trail

  private async auditLog(options: { limit?: number; before?: number }): Promise<AuditPage> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 500);
    const to = Math.min(options.before ?? this.anchor.count, this.anchor.count);
    const from = Math.max(0, to - limit);
    const entries = (await this.store.auditEntries({ from, to })).reverse();
    return { entries, total: this.anchor.count, nextBefore: from > 0 ? from : null };
  }

  /**
   * Checks the stored trail against the anchor this engine holds: the stored anchor moves with
   * the trail, but this copy has been in memory since the engine started, so a trail rewritten
   * on disk together with its anchor is caught as well.
   */
  private async verify(): Promise<AuditCheck> {
    const entries = await this.store.auditEntries();
    const stored = await this.store.auditAnchor();
    // A stored anchor ahead of this one that still contains this one's head: another engine on
    // the same store appended (see `append`); check the stored trail to its stored end.
    if (
      stored.count > this.anchor.count &&
      (this.anchor.count === 0 || entries[this.anchor.count - 1]?.hash === this.anchor.headHash)
    )
      this.anchor = stored;
    let result = await verifyChain(entries, this.anchor);
    if (result.ok && (stored.count !== this.anchor.count || stored.headHash !== this.anchor.headHash))
      result = {
        ok: false,
        position: Math.min(stored.count, this.anchor.count),
        problem: 'rewritten',
        reason: 'The anchor kept beside the trail was changed: it no longer names the latest entry.',
      };
    const check: AuditCheck = { at: this.options.now().toISOString(), result };
    this.lastVerification = check;
    await this.store.putSetting(SETTING.lastVerification, check);
    return check;
  }

  /** The export is recorded first, so the file ends with the entry that records it. */
  private async exportAudit(format: 'csv' | 'json'): Promise<Outcome<ExportFile>> {
    if (format !== 'csv' && format !== 'json') return invalid(`Unknown format "${String(format)}".`);
    await this.record([
      {
        action: 'export',
        details: { kind: `audit-${format}`, rowCount: this.anchor.count + 1, destination: 'download' },
      },
    ]);
    const entries = await this.store.auditEntries();
    const stamp = this.options.now().toISOString().slice(0, 10);
    const fileName = `throughline-audit-${stamp}-${entries.length}.${format}`;
    if (format === 'csv')
      return ok({
        fileName,
        mimeType: 'text/csv;charset=utf-8',
        bytes: utf8Bytes(`\uFEFF${auditToCsv(entries)}`),
        rows: entries.length,
      });
    const verification = await verifyChain(entries, this.anchor);
    return ok({
      fileName,
      mimeType: 'application/json',
      bytes: utf8Bytes(auditToJson(entries, verification)),
      rows: entries.length,
    });
  }

  /**
   * Deletes the whole trail, for the IG lead only, once they hold an export of it: they give the
   * head hash of that export (or of the IG page), which must still be the latest. The new trail
   * starts with an entry naming the deleted one's count and head hash, so the export can still be
   * checked against it.
   */
  private async deleteTrail(confirmHeadHash: string): Promise<Outcome<{ deleted: number }>> {
    if (confirmHeadHash !== this.anchor.headHash)
      return conflict(
        'The hash given is not the latest entry of the trail: export the trail again, then confirm with the new hash.',
      );
    const deleted = await this.append([], async () => {
      const actor = this.actor;
      const first = await appendEntry(
        null,
        {
          actor: { profileId: actor.id, displayName: actor.displayName, role: actor.role },
          action: 'audit-deleted',
          details: { count: this.anchor.count, headHash: this.anchor.headHash },
        },
        this.options.now(),
      );
      const n = await this.store.restartAudit(first);
      this.anchor = chainAnchor(first);
      return n;
    });
    this.lastVerification = null;
    await this.store.putSetting(SETTING.lastVerification, null);
    return ok({ deleted });
  }

  // retention, purge and wipe

  private async updateSettings(
    changes: Partial<GovernanceSettings>,
    signal: AbortSignal,
  ): Promise<Outcome<GovernanceStatus>> {
    const next = { ...this.settings };
    const bodies: AuditBody[] = [];
    if (changes.defaultRetentionDays !== undefined) {
      if (!withinLimits(changes.defaultRetentionDays, LIMITS.retentionDays))
        return invalid(`A retention period is a whole number of days from 1 to ${LIMITS.retentionDays.max}.`);
      next.defaultRetentionDays = changes.defaultRetentionDays;
    }
    if (changes.idleLockMinutes !== undefined) {
      if (!withinLimits(changes.idleLockMinutes, LIMITS.idleLockMinutes))
        return invalid(`The idle lock is a whole number of minutes from 1 to ${LIMITS.idleLockMinutes.max}.`);
      next.idleLockMinutes = changes.idleLockMinutes;
    }
    if (next.defaultRetentionDays !== this.settings.defaultRetentionDays)
      bodies.push({
        action: 'settings-change',
        details: {
          setting: 'retention.defaultDays',
          from: this.settings.defaultRetentionDays,
          to: next.defaultRetentionDays,
        },
      });
    if (next.idleLockMinutes !== this.settings.idleLockMinutes)
      bodies.push({
        action: 'settings-change',
        details: {
          setting: 'idleLock.minutes',
          from: this.settings.idleLockMinutes,
          to: next.idleLockMinutes,
        },
      });
    if (bodies.length) {
      await this.append(bodies, (entries) =>
        this.store.commit({ putSettings: { [SETTING.config]: next }, appendAudit: entries }),
      );
      const idleChanged = next.idleLockMinutes !== this.settings.idleLockMinutes;
      this.settings = next;
      const key = this.idle?.key;
      if (idleChanged && key) this.startIdle(key);
      // A shorter default may put data past its period now.
      const purged = await this.purge('retention', signal);
      if (!purged.ok) return purged;
    }
    return ok(await this.status());
  }

  private async setRetention(
    datasetId: string,
    days: number | null,
    signal: AbortSignal,
  ): Promise<Outcome<DatasetRetention>> {
    const dataset = this.hooks!.state().datasets.find((d) => d.id === datasetId);
    if (!dataset) return fail({ kind: 'not-found', message: `There is no dataset ${datasetId}.` });
    if (days !== null && !withinLimits(days, LIMITS.retentionDays))
      return invalid(`A retention period is a whole number of days from 1 to ${LIMITS.retentionDays.max}.`);
    const current = this.retention[datasetId] ?? { since: dataset.importedAt, days: null };
    if (current.days !== days) {
      const map = { ...this.retention, [datasetId]: { ...current, days } };
      const setting = /^[a-z][A-Za-z0-9.-]{0,53}$/.test(datasetId)
        ? `retention.${datasetId}`
        : 'retention.dataset';
      await this.append(
        [
          {
            action: 'settings-change',
            details: { setting, from: current.days ?? 'default', to: days ?? 'default' },
          },
        ],
        (entries) => this.store.commit({ putSettings: { [SETTING.retention]: map }, appendAudit: entries }),
      );
      this.retention = map;
    }
    const [retention] = retentionOf([dataset], this.retention, this.settings.defaultRetentionDays);
    const purged = await this.purge('retention', signal);
    if (!purged.ok) return purged;
    return ok(retention!);
  }

  /**
   * Removes every dataset past its retention period, one removal (and re-match) at a time, each
   * stored with its 'purge' audit entry; the results then no longer refer to them.
   */
  private async purge(
    trigger: 'retention' | 'manual',
    signal: AbortSignal,
  ): Promise<Outcome<PurgeReport | null>> {
    if (this.locked) return ok(null);
    const now = this.options.now();
    this.lastCheck = now.toISOString();
    const state = this.hooks!.state();
    const due = expiredAt(
      retentionOf(state.datasets, this.retention, this.settings.defaultRetentionDays),
      now,
    );
    if (!due.length) return ok(null);
    this.purging = { at: now.toISOString(), trigger, datasets: [] };
    try {
      for (const d of due) {
        this.context = { purge: trigger };
        try {
          const removed = await this.hooks!.removeDataset(d.datasetId, signal);
          if (!removed.ok) return removed;
        } finally {
          this.context = null;
        }
      }
      this.lastPurge = this.purging;
      return ok(this.purging);
    } finally {
      this.purging = null;
    }
  }

  /**
   * Deletes every dataset, record, table, model, result, decision and run, and the workspace's
   * settings, in one transaction with the 'wipe' entry appended to the trail, which is kept (the
   * proof of the wipe). Profiles, governance settings and the encryption key information stay.
   * Works while locked: forgetting the passphrase must not stop anyone deleting the data.
   */
  private async wipe(): Promise<Outcome<WipeReport>> {
    const datasets = await this.store.datasets();
    const state = this.hooks!.state();
    const runs = await this.store.runs();
    const actor = this.actor;
    const recordCount = datasets.reduce((s, d) => s + d.rowCount, 0);
    let rows: Record<string, number> = {};
    const auditSeq = this.anchor.count;
    await this.append(
      [{ action: 'wipe', details: { datasetCount: datasets.length, recordCount } }],
      async (entries) => {
        rows = await this.store.wipe({ keepSettings: KEPT_ON_WIPE, appendAudit: entries });
      },
    );
    const report: WipeReport = {
      at: this.options.now().toISOString(),
      by: `${actor.displayName} (${ROLE_LABELS[actor.role]})`,
      datasets: datasets.length,
      records: recordCount,
      decisions: rows.decisions ?? 0,
      pairs: state.results?.pairs.left.length ?? 0,
      runs: runs.length,
      auditSeq,
      rows,
    };
    this.retention = {};
    this.lastWipe = report;
    this.hooks!.load(EMPTY_SNAPSHOT);
    await this.store.putSetting(SETTING.lastWipe, report);
    return ok(report);
  }

  // encryption at rest

  private passphraseProblem(passphrase: unknown): string | null {
    if (typeof passphrase !== 'string' || passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH)
      return `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters: three or four random words work well.`;
    return null;
  }

  private async enableEncryption(passphrase: string): Promise<Outcome<void>> {
    if (this.encryptionOn) return conflict('Encryption is already on.');
    const problem = this.passphraseProblem(passphrase);
    if (problem) return invalid(problem);
    const { key, info } = await createKey(passphrase, { iterations: this.options.kdfIterations });
    await this.append(
      [{ action: 'settings-change', details: { setting: 'encryption', from: 'off', to: 'on' } }],
      (entries) => this.store.encryptAll(key, info, entries),
    );
    this.encryptionOn = true;
    this.startIdle(key);
    return ok(undefined);
  }

  /** Opens the key info with a passphrase; a wrong one is counted and recorded. */
  private async open(passphrase: string, info: KeyInfo): Promise<Outcome<CryptoKey>> {
    const opened = await unlockKey(String(passphrase ?? ''), info);
    if (opened.ok) {
      this.failures = 0;
      return ok(opened.value);
    }
    if (opened.error.kind !== 'wrong-passphrase')
      return fail({ kind: 'storage-unavailable', message: opened.error.message });
    this.failures++;
    await this.record([{ action: 'unlock-failed', details: { consecutiveFailures: this.failures } }]);
    return fail(WRONG_PASSPHRASE);
  }

  private async unlock(passphrase: string, signal: AbortSignal): Promise<Outcome<void>> {
    const info = await this.store.keyInfo();
    if (!info) return conflict('Encryption is off: there is nothing to unlock.');
    if (!this.locked) return ok(undefined);
    const opened = await this.open(passphrase, info);
    if (!opened.ok) return opened;
    this.store.setKey(opened.value);
    try {
      this.hooks!.load(await this.store.load());
    } catch (e) {
      this.store.setKey(null);
      if (e instanceof UndecryptableError) return fail({ kind: 'storage-unavailable', message: e.message });
      throw e;
    }
    await this.record([{ action: 'unlock', details: {} }]);
    this.startIdle(opened.value);
    const purged = await this.purge('retention', signal);
    return purged.ok ? ok(undefined) : purged;
  }

  private async lock(trigger: 'idle' | 'manual'): Promise<Outcome<void>> {
    if (!this.encryptionOn) return conflict('Encryption is off: there is no key to put away.');
    if (this.locked) return ok(undefined);
    this.store.setKey(null);
    this.stopIdle();
    this.hooks!.load(EMPTY_SNAPSHOT);
    await this.record([{ action: 'lock', details: { trigger } }]);
    return ok(undefined);
  }

  private async changePassphrase(current: string, next: string): Promise<Outcome<void>> {
    const info = await this.store.keyInfo();
    if (!info) return conflict('Encryption is off: there is no passphrase to change.');
    const problem = this.passphraseProblem(next);
    if (problem) return invalid(problem);
    const changed = await changePassphrase(String(current ?? ''), next, info, {
      iterations: this.options.kdfIterations,
    });
    if (!changed.ok) {
      if (changed.error.kind !== 'wrong-passphrase')
        return fail({ kind: 'storage-unavailable', message: changed.error.message });
      this.failures++;
      await this.record([{ action: 'unlock-failed', details: { consecutiveFailures: this.failures } }]);
      return fail(WRONG_PASSPHRASE);
    }
    this.failures = 0;
    await this.append(
      [
        {
          action: 'settings-change',
          details: { setting: 'encryption.passphrase', from: null, to: 'changed' },
        },
      ],
      (entries) => this.store.putKeyInfo(changed.value, entries),
    );
    return ok(undefined);
  }

  private async disableEncryption(passphrase: string): Promise<Outcome<void>> {
    const info = await this.store.keyInfo();
    if (!info) return conflict('Encryption is already off.');
    const opened = await this.open(passphrase, info);
    if (!opened.ok) return opened;
    if (this.locked) {
      this.store.setKey(opened.value);
      this.hooks!.load(await this.store.load());
    }
    await this.append(
      [{ action: 'settings-change', details: { setting: 'encryption', from: 'on', to: 'off' } }],
      (entries) => this.store.decryptAll(entries),
    );
    this.encryptionOn = false;
    this.stopIdle();
    return ok(undefined);
  }

  private startIdle(key: CryptoKey): void {
    this.stopIdle();
    const idle = new IdleLock<CryptoKey>(this.settings.idleLockMinutes * 60_000, this.options.idleClock);
    this.stopIdleListener = idle.onLock(() => {
      if (this.idle !== idle) return;
      this.idle = null;
      this.stopIdleListener = null;
      // Refuse personal data from now on; the state in memory goes when the queue reaches this.
      this.store.setKey(null);
      void this.hooks!.change(async () => {
        this.hooks!.load(EMPTY_SNAPSHOT);
        await this.record([{ action: 'lock', details: { trigger: 'idle' } }]);
        return ok(undefined);
      });
    });
    idle.hold(key);
    this.idle = idle;
  }

  private stopIdle(): void {
    this.stopIdleListener?.();
    this.stopIdleListener = null;
    this.idle?.lock();
    this.idle = null;
  }
}

function exportBody(kind: 'worklist-csv' | 'continuity-csv' | 'merge-list-csv', file: unknown): AuditBody {
  return {
    action: 'export',
    details: { kind, rowCount: (file as ExportFile).rows, destination: 'download' },
  };
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
