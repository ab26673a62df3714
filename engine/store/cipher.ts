import { z } from 'zod';

/**
 * Encryption at rest for what the store keeps (domain.md §5.5: "encrypted at rest, per-user").
 * Pure WebCrypto (`globalThis.crypto.subtle`), so the same code runs in Node 20 and in the
 * browser's engine worker, and no key material ever exists as bytes in JavaScript.
 *
 * Two keys:
 * - the **data key**: random AES-GCM 256, encrypts every stored value. It never changes, so
 *   changing the passphrase does not re-encrypt the data.
 * - the **passphrase key**: PBKDF2-SHA-256 over the passphrase with a random salt. It only wraps
 *   (encrypts) the data key.
 *
 * What is stored in clear is KeyInfo: the salt, the iteration count, the algorithm ids, the
 * wrapped data key, and a verifier (a fixed text encrypted with the data key). Keys in use are
 * non-extractable; only `createKey` and `changePassphrase` hold an extractable copy of the data
 * key, inside WebCrypto, long enough to wrap it.
 *
 * Every value is sealed with a fresh random 12-byte IV, and may be bound to where it is stored by
 * additional authenticated data (`rowAad(table, rowKey)`): a ciphertext copied to another row
 * then fails to decrypt instead of passing for that row's data.
 */

/** OWASP Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA256. Stored in KeyInfo, so it can be raised later. */
export const DEFAULT_ITERATIONS = 600_000;

const VERIFIER_TEXT = 'throughline key verifier v1';
const VERIFIER_AAD = 'throughline/key-verifier';
const WRAP_AAD = 'throughline/data-key';

/** Stored in clear beside the encrypted data (binary fields in base64). */
export interface KeyInfo {
  format: 'throughline-key';
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  /** The data key, wrapped by the passphrase key with AES-GCM. */
  wrapped: { name: 'AES-GCM'; iv: string; key: string };
  /** The algorithm of the data key, for every stored value. */
  cipher: 'AES-GCM-256';
  /** VERIFIER_TEXT sealed with the data key: proves the unwrapped key is the data's key. */
  verifier: { iv: string; data: string };
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const keyInfoSchema = z.strictObject({
  format: z.literal('throughline-key'),
  version: z.literal(1),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().int().positive(),
    salt: base64,
  }),
  wrapped: z.strictObject({ name: z.literal('AES-GCM'), iv: base64, key: base64 }),
  cipher: z.literal('AES-GCM-256'),
  verifier: z.strictObject({ iv: base64, data: base64 }),
});

/** A sealed value as stored: binary, so IndexedDB keeps it by structured clone without base64. */
export interface Sealed {
  iv: Uint8Array;
  data: Uint8Array;
}

export type CipherError =
  | { kind: 'wrong-passphrase'; message: string }
  | { kind: 'invalid-key-info'; message: string }
  | { kind: 'undecryptable'; message: string };

export type CipherOutcome<T> = { ok: true; value: T } | { ok: false; error: CipherError };

const WRONG_PASSPHRASE: CipherError = { kind: 'wrong-passphrase', message: 'The passphrase is not correct.' };
const INVALID_KEY_INFO: CipherError = {
  kind: 'invalid-key-info',
  message:
    'The stored key information is damaged or from another version; the data cannot be unlocked with it.',
};
const UNDECRYPTABLE: CipherError = {
  kind: 'undecryptable',
  message:
    'Stored data could not be decrypted: it was changed, moved to another place, or sealed with another key.',
};

const subtle = () => globalThis.crypto.subtle;
const utf8 = (text: string) => new TextEncoder().encode(text);
const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** A copy backed by a plain ArrayBuffer, as WebCrypto's types ask. */
const bytes = (data: Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> => new Uint8Array(data);

const aadBytes = (aad: string | Uint8Array | undefined) =>
  aad === undefined ? undefined : typeof aad === 'string' ? utf8(aad) : bytes(aad);

/**
 * Additional authenticated data binding a value to its place: the table and the row's key,
 * written so that no two different places give the same bytes.
 */
export const rowAad = (table: string, rowKey: string): Uint8Array => utf8(JSON.stringify([table, rowKey]));

async function passphraseKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  // NFC, so the same passphrase typed on another keyboard or system gives the same bytes.
  const material = await subtle().importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

async function wrap(dataKey: CryptoKey, passphrase: string, iterations: number) {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const wrappingKey = await passphraseKey(passphrase, salt, iterations);
  const wrapped = await subtle().wrapKey('raw', dataKey, wrappingKey, {
    name: 'AES-GCM',
    iv,
    additionalData: utf8(WRAP_AAD),
  });
  return {
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) } as const,
    wrapped: { name: 'AES-GCM', iv: toBase64(iv), key: toBase64(new Uint8Array(wrapped)) } as const,
  };
}

/** The data key, or null when the passphrase (or the wrapped key) is wrong: AES-GCM checks both. */
async function unwrap(passphrase: string, info: KeyInfo, extractable: boolean): Promise<CryptoKey | null> {
  const wrappingKey = await passphraseKey(passphrase, fromBase64(info.kdf.salt), info.kdf.iterations);
  try {
    return await subtle().unwrapKey(
      'raw',
      fromBase64(info.wrapped.key),
      wrappingKey,
      { name: 'AES-GCM', iv: fromBase64(info.wrapped.iv), additionalData: utf8(WRAP_AAD) },
      { name: 'AES-GCM', length: 256 },
      extractable,
      ['encrypt', 'decrypt'],
    );
  } catch {
    return null;
  }
}

/**
 * A new random data key, wrapped by `passphrase`. Returns the key to use (non-extractable) and
 * the KeyInfo to store in clear. `iterations` is for tests and for raising the cost later.
 */
export async function createKey(
  passphrase: string,
  options: { iterations?: number } = {},
): Promise<{ key: CryptoKey; info: KeyInfo }> {
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  const extractable = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const verifier = await encrypt(extractable, utf8(VERIFIER_TEXT), VERIFIER_AAD);
  const info: KeyInfo = {
    format: 'throughline-key',
    version: 1,
    ...(await wrap(extractable, passphrase, iterations)),
    cipher: 'AES-GCM-256',
    verifier: { iv: toBase64(verifier.iv), data: toBase64(verifier.data) },
  };
  // The key to use comes back through the wrapping, as non-extractable: proves the round trip.
  const key = await unwrap(passphrase, info, false);
  if (!key) throw new Error('createKey: the new data key did not unwrap');
  return { key, info };
}

async function open(
  passphrase: string,
  stored: unknown,
  extractable: boolean,
): Promise<CipherOutcome<CryptoKey>> {
  const parsed = keyInfoSchema.safeParse(stored);
  if (!parsed.success) return { ok: false, error: INVALID_KEY_INFO };
  const info = parsed.data as KeyInfo;
  const key = await unwrap(passphrase, info, extractable);
  if (!key) return { ok: false, error: WRONG_PASSPHRASE };
  const check = await decrypt(
    key,
    { iv: fromBase64(info.verifier.iv), data: fromBase64(info.verifier.data) },
    VERIFIER_AAD,
  );
  if (!check.ok || new TextDecoder().decode(check.value) !== VERIFIER_TEXT)
    return { ok: false, error: INVALID_KEY_INFO };
  return { ok: true, value: key };
}

/**
 * The data key, if `passphrase` is right. A wrong passphrase is an ordinary outcome
 * ('wrong-passphrase'), not an exception; nothing is changed either way.
 */
export function unlock(passphrase: string, info: KeyInfo): Promise<CipherOutcome<CryptoKey>> {
  return open(passphrase, info, false);
}

/**
 * New KeyInfo for the same data key under `newPassphrase`, with a fresh salt and IV, and an
 * iteration count of `options.iterations` or else the larger of the current one and
 * DEFAULT_ITERATIONS (so an old KeyInfo is brought up to date). The stored data stays as it is. The caller replaces the stored
 * KeyInfo in one write; until then the old passphrase still works.
 */
export async function changePassphrase(
  oldPassphrase: string,
  newPassphrase: string,
  info: KeyInfo,
  options: { iterations?: number } = {},
): Promise<CipherOutcome<KeyInfo>> {
  const opened = await open(oldPassphrase, info, true);
  if (!opened.ok) return opened;
  const iterations = options.iterations ?? Math.max(info.kdf.iterations, DEFAULT_ITERATIONS);
  return { ok: true, value: { ...info, ...(await wrap(opened.value, newPassphrase, iterations)) } };
}

/** Seals bytes with a fresh random IV. `aad`, if given, must be given again to decrypt. */
export async function encrypt(
  key: CryptoKey,
  plain: Uint8Array | ArrayBuffer,
  aad?: string | Uint8Array,
): Promise<Sealed> {
  const iv = randomBytes(12);
  const additionalData = aadBytes(aad);
  const data = await subtle().encrypt(
    { name: 'AES-GCM', iv, ...(additionalData ? { additionalData } : {}) },
    key,
    bytes(plain),
  );
  return { iv, data: new Uint8Array(data) };
}

/**
 * The bytes sealed by `encrypt`, or 'undecryptable' when the data was altered, belongs to
 * another place (different `aad`) or to another key. AES-GCM tells these apart from none.
 */
export async function decrypt(
  key: CryptoKey,
  sealed: Sealed,
  aad?: string | Uint8Array,
): Promise<CipherOutcome<Uint8Array>> {
  const additionalData = aadBytes(aad);
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: bytes(sealed.iv), ...(additionalData ? { additionalData } : {}) },
      key,
      bytes(sealed.data),
    );
    return { ok: true, value: new Uint8Array(plain) };
  } catch {
    return { ok: false, error: UNDECRYPTABLE };
  }
}

/** Seals any JSON value (as UTF-8 JSON text). */
export function encryptJson(key: CryptoKey, value: unknown, aad?: string | Uint8Array): Promise<Sealed> {
  return encrypt(key, utf8(JSON.stringify(value)), aad);
}

/** The value sealed by `encryptJson`, or 'undecryptable'. */
export async function decryptJson<T = unknown>(
  key: CryptoKey,
  sealed: Sealed,
  aad?: string | Uint8Array,
): Promise<CipherOutcome<T>> {
  const opened = await decrypt(key, sealed, aad);
  if (!opened.ok) return opened;
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(opened.value)) as T };
  } catch {
    return { ok: false, error: UNDECRYPTABLE };
  }
}

// ---- idle lock -----------------------------------------------------------------------------

/** Time and timers, injected so tests can move time; the system's by default. */
export interface IdleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: IdleClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * Holds the unlocked key and lets go of it after `timeoutMs` without activity. On lock the
 * reference is dropped and the listeners run (to close views, ask for the passphrase again).
 * JavaScript cannot wipe memory; a non-extractable CryptoKey with no references left is the most
 * that can be done.
 *
 * `touch()` only notes the time (it may be called on every keystroke); one timer re-arms itself
 * for the time left when it fires early.
 */
export class IdleLock<K = CryptoKey> {
  #key: K | null = null;
  #lastActivity = 0;
  #timer: unknown = null;
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly timeoutMs: number,
    private readonly clock: IdleClock = systemClock,
  ) {
    if (!(timeoutMs > 0))
      throw new RangeError('IdleLock: the timeout must be a positive number of milliseconds');
  }

  /** Starts holding `key` (after a successful unlock); the idle time starts now. */
  hold(key: K): void {
    this.#key = key;
    this.touch();
  }

  /** The key, or null when locked. Read it at each use rather than keeping it. */
  get key(): K | null {
    return this.#key;
  }

  get locked(): boolean {
    return this.#key === null;
  }

  /** Activity: pushes the lock back by the full timeout. Does nothing while locked. */
  touch(): void {
    if (this.#key === null) return;
    this.#lastActivity = this.clock.now();
    if (this.#timer === null) this.#arm(this.timeoutMs);
  }

  /** Forgets the key now (a "lock" button, sign-out) and tells the listeners. */
  lock(): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#key === null) return;
    this.#key = null;
    for (const listener of this.#listeners) listener();
  }

  /** Runs `callback` on every lock; returns a function that stops it. */
  onLock(callback: () => void): () => void {
    this.#listeners.add(callback);
    return () => this.#listeners.delete(callback);
  }

  #arm(ms: number): void {
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = null;
      if (this.#key === null) return;
      const idle = this.clock.now() - this.#lastActivity;
      if (idle >= this.timeoutMs) this.lock();
      else this.#arm(this.timeoutMs - idle);
    }, ms);
  }
}
