/**
 * Encryption at rest as the user meets it: turning it on and off, the passphrase, unlocking,
 * locking by hand and the idle lock. The sealing itself is the store's (engine/store/cipher.ts,
 * sealing.ts): with key information stored and no key held, it refuses personal data whatever the
 * engine does, so here the engine is only kept in step (its state emptied at lock, loaded at unlock).
 */
import { fail, type Outcome, ok } from '../../shared/workspace';
import {
  changePassphrase,
  createKey,
  type IdleClock,
  IdleLock,
  type KeyInfo,
  type Store,
  UndecryptableError,
  unlockKey,
} from '../store';
import { EMPTY_SNAPSHOT, type EngineHooks } from './engine-hooks';
import { conflict, invalid, WRONG_PASSPHRASE } from './refusals';
import type { AuditTrail } from './trail';

/** Passphrases: NCSC advises length (three random words) over composition rules. */
export const MIN_PASSPHRASE_LENGTH = 12;

function passphraseProblem(passphrase: unknown): string | null {
  if (typeof passphrase !== 'string' || passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH)
    return `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters: three or four random words work well.`;
  return null;
}

export interface EncryptionDeps {
  store: Store;
  trail: AuditTrail;
  /** The engine (known once attached). */
  hooks: () => EngineHooks;
  /** The idle lock's period (a governance setting). */
  idleMinutes: () => number;
  /** Run after an unlock: data may have passed its retention period while locked. */
  afterUnlock: (signal: AbortSignal) => Promise<Outcome<unknown>>;
  /** PBKDF2 iterations for new keys; cipher.ts's default unless a test needs speed. */
  kdfIterations?: number;
  idleClock?: IdleClock;
}

export class Encryption {
  private idle: IdleLock<CryptoKey> | null = null;
  private stopIdleListener: (() => void) | null = null;
  /** Wrong passphrases in a row, as the trail records them. */
  private failures = 0;

  constructor(
    private readonly deps: EncryptionDeps,
    private isOn: boolean,
  ) {}

  get on(): boolean {
    return this.isOn;
  }

  /** Activity: pushes the idle lock back. */
  touch(): void {
    this.idle?.touch();
  }

  /** The idle lock's period changed: start it again (when unlocked). */
  restartIdle(): void {
    const key = this.idle?.key;
    if (key) this.startIdle(key);
  }

  async enable(passphrase: string): Promise<Outcome<void>> {
    if (this.isOn) return conflict('Encryption is already on.');
    const problem = passphraseProblem(passphrase);
    if (problem) return invalid(problem);
    const { key, info } = await createKey(passphrase, { iterations: this.deps.kdfIterations });
    await this.deps.trail.append(
      [{ action: 'settings-change', details: { setting: 'encryption', from: 'off', to: 'on' } }],
      (entries) => this.deps.store.encryptAll(key, info, entries),
    );
    this.isOn = true;
    this.startIdle(key);
    return ok(undefined);
  }

  async unlock(passphrase: string, signal: AbortSignal): Promise<Outcome<void>> {
    const { store } = this.deps;
    const info = await store.keyInfo();
    if (!info) return conflict('Encryption is off: there is nothing to unlock.');
    if (!store.isLocked()) return ok(undefined);
    const opened = await this.open(passphrase, info);
    if (!opened.ok) return opened;
    store.setKey(opened.value);
    try {
      this.deps.hooks().load(await store.load());
    } catch (e) {
      store.setKey(null);
      if (e instanceof UndecryptableError) return fail({ kind: 'storage-unavailable', message: e.message });
      throw e;
    }
    await this.deps.trail.record([{ action: 'unlock', details: {} }]);
    this.startIdle(opened.value);
    const after = await this.deps.afterUnlock(signal);
    return after.ok ? ok(undefined) : after;
  }

  async lock(trigger: 'idle' | 'manual'): Promise<Outcome<void>> {
    if (!this.isOn) return conflict('Encryption is off: there is no key to put away.');
    if (this.deps.store.isLocked()) return ok(undefined);
    this.deps.store.setKey(null);
    this.stopIdle();
    this.deps.hooks().load(EMPTY_SNAPSHOT);
    await this.deps.trail.record([{ action: 'lock', details: { trigger } }]);
    return ok(undefined);
  }

  async changePassphrase(current: string, next: string): Promise<Outcome<void>> {
    const info = await this.deps.store.keyInfo();
    if (!info) return conflict('Encryption is off: there is no passphrase to change.');
    const problem = passphraseProblem(next);
    if (problem) return invalid(problem);
    const changed = await changePassphrase(String(current ?? ''), next, info, {
      iterations: this.deps.kdfIterations,
    });
    if (!changed.ok) return this.refused(changed.error);
    this.failures = 0;
    await this.deps.trail.append(
      [
        {
          action: 'settings-change',
          details: { setting: 'encryption.passphrase', from: null, to: 'changed' },
        },
      ],
      (entries) => this.deps.store.putKeyInfo(changed.value, entries),
    );
    return ok(undefined);
  }

  async disable(passphrase: string): Promise<Outcome<void>> {
    const { store } = this.deps;
    const info = await store.keyInfo();
    if (!info) return conflict('Encryption is already off.');
    const opened = await this.open(passphrase, info);
    if (!opened.ok) return opened;
    if (store.isLocked()) {
      store.setKey(opened.value);
      this.deps.hooks().load(await store.load());
    }
    await this.deps.trail.append(
      [{ action: 'settings-change', details: { setting: 'encryption', from: 'on', to: 'off' } }],
      (entries) => store.decryptAll(entries),
    );
    this.isOn = false;
    this.stopIdle();
    return ok(undefined);
  }

  /** Opens the key info with a passphrase; a wrong one is counted and recorded. */
  private async open(passphrase: string, info: KeyInfo): Promise<Outcome<CryptoKey>> {
    const opened = await unlockKey(String(passphrase ?? ''), info);
    if (!opened.ok) return this.refused(opened.error);
    this.failures = 0;
    return ok(opened.value);
  }

  /** A passphrase refused: a wrong one is counted and recorded; anything else is the storage's fault. */
  private async refused(error: { kind: string; message: string }): Promise<Outcome<never>> {
    if (error.kind !== 'wrong-passphrase')
      return fail({ kind: 'storage-unavailable', message: error.message });
    this.failures++;
    await this.deps.trail.record([
      { action: 'unlock-failed', details: { consecutiveFailures: this.failures } },
    ]);
    return fail(WRONG_PASSPHRASE);
  }

  private startIdle(key: CryptoKey): void {
    this.stopIdle();
    const idle = new IdleLock<CryptoKey>(this.deps.idleMinutes() * 60_000, this.deps.idleClock);
    this.stopIdleListener = idle.onLock(() => {
      if (this.idle !== idle) return;
      this.idle = null;
      this.stopIdleListener = null;
      // Refuse personal data from now on; the state in memory goes when the queue reaches this.
      this.deps.store.setKey(null);
      const hooks = this.deps.hooks();
      void hooks.change(async () => {
        hooks.load(EMPTY_SNAPSHOT);
        await this.deps.trail.record([{ action: 'lock', details: { trigger: 'idle' } }]);
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
