/**
 * Synthetic identifiers: NHS numbers from the never-issued 999 range, prison numbers, PNC IDs and
 * CRO numbers, each unique by construction (a seeded affine permutation of a counter, so no sets
 * of issued values and no retries), with check characters from the normalise stage.
 */
import { croCheckLetter, nhsCheckDigit, pncCheckLetter } from '../normalise';
import type { Rng } from '../random';

/** (a * k) mod n without overflowing 2^53, for a < 2^32 and k, n < 2^29. */
function mulmod(a: number, k: number, n: number): number {
  const hi = Math.floor(a / 65536);
  const lo = a % 65536;
  return (((hi * k) % n) * 65536 + lo * k) % n;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Walks 0..n-1 in a seeded order that looks random: k -> (a*k + b) mod n, gcd(a, n) = 1. */
export class Permutation {
  private readonly a: number;
  private readonly b: number;
  private k = 0;

  constructor(
    rng: Rng,
    readonly n: number,
  ) {
    let a = 1 + rng.int(n - 1);
    while (gcd(a, n) !== 1) a = 1 + rng.int(n - 1);
    this.a = a;
    this.b = rng.int(n);
  }

  get exhausted(): boolean {
    return this.k >= this.n;
  }

  /** The next value; wraps round (repeating values) once all n have been used. */
  next(): number {
    const v = (mulmod(this.a, this.k % this.n, this.n) + this.b) % this.n;
    this.k++;
    return v;
  }
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * NHS numbers 999 nnn nnn C. The range holds about 909,000 valid numbers; when they run out
 * (only at millions of people) further people get none.
 */
export class NhsNumbers {
  private readonly perm: Permutation;
  constructor(rng: Rng) {
    this.perm = new Permutation(rng, 1_000_000);
  }
  next(): string | null {
    while (!this.perm.exhausted) {
      const first9 = `999${pad(this.perm.next(), 6)}`;
      const check = nhsCheckDigit(first9);
      if (check !== null) return `${first9}${check}`;
    }
    return null;
  }
}

/** Prison numbers [A-Z]\d{4}[A-Z]{2}: 175,760,000 of them. */
export class PrisonNumbers {
  private readonly perm: Permutation;
  constructor(rng: Rng) {
    this.perm = new Permutation(rng, 26 * 10_000 * 26 * 26);
  }
  next(): string {
    let v = this.perm.next();
    const first = LETTERS[v % 26];
    v = Math.floor(v / 26);
    const digits = pad(v % 10_000, 4);
    v = Math.floor(v / 10_000);
    return `${first}${digits}${LETTERS[v % 26]}${LETTERS[Math.floor(v / 26)]}`;
  }
}

/** PNC IDs: the serial is unique across people (whatever the year), the year is the caller's. */
export class PncIds {
  private readonly perm: Permutation;
  constructor(rng: Rng) {
    this.perm = new Permutation(rng, 10_000_000);
  }
  /** Long form YYYY/NNNNNNNC. */
  next(year: number): string {
    const serial = pad(this.perm.next(), 7);
    const yy = pad(year % 100, 2);
    return `${year}/${serial}${pncCheckLetter(yy, serial)}`;
  }
}

/** The short form of a long PNC ID: YY/N...NC with the serial's leading zeros dropped. */
export function pncShort(long: string): string {
  const yy = long.slice(2, 4);
  const serial = String(Number(long.slice(5, 12)));
  return `${yy}/${serial}${long.slice(12)}`;
}

/** CRO numbers NNNNNN/YYC. */
export class CroNumbers {
  private readonly perm: Permutation;
  constructor(rng: Rng) {
    this.perm = new Permutation(rng, 1_000_000);
  }
  next(year: number): string {
    const serial = pad(this.perm.next(), 6);
    const yy = pad(year % 100, 2);
    return `${serial}/${yy}${croCheckLetter(yy, serial)}`;
  }
}

/** Whether a 10-digit string passes the NHS modulus 11 check. */
export function nhsValid(nhs: string): boolean {
  if (!/^\d{10}$/.test(nhs)) return false;
  return nhsCheckDigit(nhs.slice(0, 9)) === Number(nhs[9]);
}

/**
 * A one-digit slip in an NHS number that the check digit catches: a digit changed, or two adjacent
 * different digits swapped, never in the leading 999 (so the number stays in the synthetic range).
 */
export function nhsTypo(rng: Rng, nhs: string): string {
  for (;;) {
    const chars = nhs.split('');
    const i = 3 + rng.int(7);
    if (rng.chance(0.3) && i < 9 && chars[i] !== chars[i + 1]) {
      [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
    } else {
      chars[i] = String((Number(chars[i]) + 1 + rng.int(9)) % 10);
    }
    const out = chars.join('');
    if (!nhsValid(out)) return out;
  }
}
