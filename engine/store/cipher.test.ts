import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CipherOutcome,
  changePassphrase,
  createKey,
  DEFAULT_ITERATIONS,
  decrypt,
  decryptJson,
  encrypt,
  encryptJson,
  IdleLock,
  type KeyInfo,
  rowAad,
  unlock,
} from './cipher';

// PBKDF2 at 600,000 iterations takes a noticeable time per call; tests use a low count except
// where the default itself is under test.
const FAST = { iterations: 1_000 };
const PASSPHRASE = 'correct horse battery staple';

function value<T>(outcome: CipherOutcome<T>): T {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.error.kind}`);
  return outcome.value;
}

const bytesOf = (...values: number[]) => new Uint8Array(values);

describe('key creation and unlocking', () => {
  let key: CryptoKey;
  let info: KeyInfo;
  beforeAll(async () => {
    ({ key, info } = await createKey(PASSPHRASE, FAST));
  });

  it('derives the passphrase key with 600,000 PBKDF2 iterations unless told otherwise', async () => {
    expect(DEFAULT_ITERATIONS).toBe(600_000);
    const { info: standard } = await createKey(PASSPHRASE);
    expect(standard.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(info.kdf.iterations).toBe(1_000);
  });

  it('stores in clear only the salt, the counts, algorithm ids, the wrapped key and the verifier', () => {
    expect(info).toMatchObject({ format: 'throughline-key', version: 1, cipher: 'AES-GCM-256' });
    expect(atob(info.kdf.salt)).toHaveLength(16);
    expect(atob(info.wrapped.iv)).toHaveLength(12);
    expect(JSON.stringify(info)).not.toContain(PASSPHRASE);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info); // plain data, fit for settings
  });

  it('gives a non-extractable AES-GCM key', () => {
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
  });

  it('unlocks with the passphrase to the same data key', async () => {
    const sealed = await encrypt(key, bytesOf(1, 2, 3));
    const unlocked = value(await unlock(PASSPHRASE, info));
    expect(unlocked.extractable).toBe(false);
    expect(value(await decrypt(unlocked, sealed))).toEqual(bytesOf(1, 2, 3));
  });

  it('answers a wrong passphrase with a typed error, and changes nothing', async () => {
    const before = structuredClone(info);
    expect(await unlock('correct horse battery stapler', info)).toEqual({
      ok: false,
      error: { kind: 'wrong-passphrase', message: 'The passphrase is not correct.' },
    });
    expect(info).toEqual(before);
    expect((await unlock(PASSPHRASE, info)).ok).toBe(true);
  });

  it('treats the same passphrase in another Unicode form as the same passphrase', async () => {
    const { info: accented } = await createKey('caf\u00e9 au lait', FAST);
    expect((await unlock('cafe\u0301 au lait', accented)).ok).toBe(true);
  });

  it('refuses key information that is damaged or mismatched', async () => {
    expect(await unlock(PASSPHRASE, { ...info, version: 2 } as unknown as KeyInfo)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-key-info' },
    });
    const other = (await createKey(PASSPHRASE, FAST)).info;
    expect(await unlock(PASSPHRASE, { ...info, verifier: other.verifier })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-key-info' },
    });
  });
});

describe('sealing values', () => {
  let key: CryptoKey;
  beforeAll(async () => {
    ({ key } = await createKey(PASSPHRASE, FAST));
  });

  it('round-trips bytes, empty bytes and JSON', async () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i % 256);
    expect(value(await decrypt(key, await encrypt(key, data)))).toEqual(data);
    expect(value(await decrypt(key, await encrypt(key, new Uint8Array(0))))).toEqual(new Uint8Array(0));
    const record = { recordId: 'TR0001', fields: { surname: "O'NEILL", dob: '12/03/1985' }, row: 2 };
    const aad = rowAad('records', 'ds1/TR0001');
    expect(value(await decryptJson(key, await encryptJson(key, record, aad), aad))).toEqual(record);
  });

  it('uses a fresh IV every time, so the same value never seals the same way twice', async () => {
    const data = bytesOf(7, 7, 7);
    const a = await encrypt(key, data);
    const b = await encrypt(key, data);
    expect(a.iv).toHaveLength(12);
    expect(a.iv).not.toEqual(b.iv);
    expect(a.data).not.toEqual(b.data);
  });

  it('refuses a ciphertext or IV that was altered', async () => {
    const sealed = await encrypt(key, bytesOf(1, 2, 3, 4));
    const flipped = { ...sealed, data: sealed.data.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(await decrypt(key, flipped)).toMatchObject({ ok: false, error: { kind: 'undecryptable' } });
    const otherIv = { ...sealed, iv: sealed.iv.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(await decrypt(key, otherIv)).toMatchObject({ ok: false, error: { kind: 'undecryptable' } });
  });

  it('refuses a ciphertext moved to another row (different additional data)', async () => {
    const sealed = await encryptJson(key, { surname: 'SMITH' }, rowAad('records', 'ds1/TR0001'));
    expect((await decryptJson(key, sealed, rowAad('records', 'ds1/TR0001'))).ok).toBe(true);
    for (const aad of [rowAad('records', 'ds1/TR0002'), rowAad('tables', 'ds1/TR0001'), undefined])
      expect(await decryptJson(key, sealed, aad)).toMatchObject({
        ok: false,
        error: { kind: 'undecryptable' },
      });
    expect(rowAad('a', 'b/c')).not.toEqual(rowAad('a/b', 'c'));
  });

  it('refuses a value sealed with another key, without saying what it held', async () => {
    const other = (await createKey('another passphrase', FAST)).key;
    const result = await decryptJson(other, await encryptJson(key, { surname: 'SMITH' }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'undecryptable' } });
    expect(JSON.stringify(result)).not.toContain('SMITH');
  });
});

describe('changePassphrase', () => {
  it('re-wraps the data key: the old passphrase stops working, the new one opens the old data', async () => {
    const { key, info } = await createKey(PASSPHRASE, FAST);
    const sealed = await encryptJson(key, { n: 42 }, 'settings/x');
    const changed = value(await changePassphrase(PASSPHRASE, 'a new passphrase', info, FAST));

    expect(changed.kdf.salt).not.toBe(info.kdf.salt);
    expect(changed.verifier).toEqual(info.verifier); // same data key, so nothing re-encrypted
    expect(await unlock(PASSPHRASE, changed)).toMatchObject({
      ok: false,
      error: { kind: 'wrong-passphrase' },
    });
    const reopened = value(await unlock('a new passphrase', changed));
    expect(value(await decryptJson(reopened, sealed, 'settings/x'))).toEqual({ n: 42 });
  });

  it('needs the current passphrase', async () => {
    const { info } = await createKey(PASSPHRASE, FAST);
    expect(await changePassphrase('a guess', 'a new passphrase', info, FAST)).toMatchObject({
      ok: false,
      error: { kind: 'wrong-passphrase' },
    });
  });

  it('can raise the iteration count', async () => {
    const { info } = await createKey(PASSPHRASE, FAST);
    const raised = value(await changePassphrase(PASSPHRASE, PASSPHRASE, info, { iterations: 2_000 }));
    expect(raised.kdf.iterations).toBe(2_000);
    expect((await unlock(PASSPHRASE, raised)).ok).toBe(true);
  });
});

describe('IdleLock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('forgets the key after the timeout without activity, and tells its listeners', () => {
    vi.useFakeTimers();
    const lock = new IdleLock<string>(60_000);
    const locked = vi.fn();
    lock.onLock(locked);
    lock.hold('the key');
    vi.advanceTimersByTime(59_999);
    expect(lock.key).toBe('the key');
    expect(locked).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(lock.key).toBeNull();
    expect(lock.locked).toBe(true);
    expect(locked).toHaveBeenCalledTimes(1);
  });

  it('counts the timeout from the last touch', () => {
    vi.useFakeTimers();
    const lock = new IdleLock<string>(60_000);
    lock.hold('the key');
    vi.advanceTimersByTime(50_000);
    lock.touch();
    vi.advanceTimersByTime(50_000);
    expect(lock.key).toBe('the key');
    lock.touch();
    vi.advanceTimersByTime(59_999);
    expect(lock.key).toBe('the key');
    vi.advanceTimersByTime(1);
    expect(lock.key).toBeNull();
  });

  it('locks at once on request, once, and a touch while locked does not bring the key back', () => {
    vi.useFakeTimers();
    const lock = new IdleLock<string>(60_000);
    const locked = vi.fn();
    const stop = lock.onLock(locked);
    lock.hold('the key');
    lock.lock();
    lock.lock();
    lock.touch();
    vi.advanceTimersByTime(120_000);
    expect(lock.key).toBeNull();
    expect(locked).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);

    stop();
    lock.hold('again');
    lock.lock();
    expect(locked).toHaveBeenCalledTimes(1);
  });

  it('uses an injected clock and timers', () => {
    let now = 0;
    const pending: { at: number; run: () => void }[] = [];
    const lock = new IdleLock<string>(1_000, {
      now: () => now,
      setTimeout: (run, ms) => pending.push({ at: now + ms, run }),
      clearTimeout: () => {},
    });
    lock.hold('the key');
    now = 600;
    lock.touch();
    now = 1_000;
    pending.shift()!.run(); // fires early: only 400 ms idle, re-arms for the rest
    expect(lock.key).toBe('the key');
    expect(pending).toEqual([{ at: 1_600, run: expect.any(Function) }]);
    now = 1_600;
    pending.shift()!.run();
    expect(lock.key).toBeNull();
  });

  it('refuses a timeout that is not positive', () => {
    expect(() => new IdleLock(0)).toThrow(RangeError);
  });
});
