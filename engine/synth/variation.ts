/**
 * The errors and inconsistencies a record picks up between a person and a case system: nicknames,
 * typos, swapped names, wrong dates of birth, moves, mistyped NHS numbers, odd capitalisation.
 * Each function makes one kind of change; `treatmentIdentity` applies them at the configured rates
 * and records, per row, which were possible and which were applied (bit masks over VARIATIONS).
 */
import { NICKNAME_GROUPS } from '../normalise';
import type { Rng } from '../random';
import { civilFromDays, daysFromCivil, daysInMonth, isoDays, isoYmd } from './dates';
import { nhsTypo } from './identifiers';
import type { Address, Person, Population } from './people';
import type { SynthRates } from './rates';

/** The treatment-side variations, in bit order. Names match their SynthRates keys. */
export const VARIATIONS = [
  'nickname',
  'forenameTypo',
  'surnameTypo',
  'surnameChange',
  'nameSwap',
  'middleAsFirst',
  'dobSwap',
  'dobDigit',
  'dobPlaceholder',
  'dobMissing',
  'moved',
  'nhsTypo',
  'nameCase',
] as const satisfies readonly (keyof SynthRates)[];

export type Variation = (typeof VARIATIONS)[number];

const BITS = Object.fromEntries(VARIATIONS.map((v, i) => [v, 1 << i])) as Record<Variation, number>;

export const bit = (v: Variation): number => BITS[v];

/** Formal given name -> its nickname forms (merged when a formal name heads several groups). */
export const NICKNAMES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [formal, ...variants] of NICKNAME_GROUPS) {
    const list = map.get(formal) ?? [];
    for (const v of variants) if (v !== formal && !list.includes(v)) list.push(v);
    map.set(formal, list);
  }
  return map;
})();

const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * One keying slip in a name: a letter substituted, deleted, or two adjacent letters transposed.
 * Punctuation (hyphens, apostrophes) is left alone. Names of fewer than 3 letters are unchanged.
 */
export function typo(rng: Rng, name: string): string {
  const letters: number[] = [];
  for (let i = 0; i < name.length; i++) if (isLetter(name[i])) letters.push(i);
  if (letters.length < 3) return name;
  for (;;) {
    const op = rng.int(3);
    const k = rng.int(letters.length);
    const i = letters[k];
    let out: string;
    if (op === 0) {
      let c = ALPHABET[rng.int(26)];
      if (name[i] === name[i].toLowerCase()) c = c.toLowerCase();
      out = name.slice(0, i) + c + name.slice(i + 1);
    } else if (op === 1) {
      out = name.slice(0, i) + name.slice(i + 1);
    } else {
      if (k + 1 >= letters.length || letters[k + 1] !== i + 1) continue;
      const a = name[i];
      const b = name[i + 1];
      // Keep the case pattern (McDonald stays Mc..., not cM...).
      const caseOf = (ch: string, like: string): string =>
        like === like.toUpperCase() ? ch.toUpperCase() : ch.toLowerCase();
      out = name.slice(0, i) + caseOf(b, a) + caseOf(a, b) + name.slice(i + 2);
    }
    if (out.toUpperCase() !== name.toUpperCase()) return out;
  }
}

/** "JOHN-PAUL" -> "John-Paul", "MARY ANNE" -> "Mary Anne". */
export function titleCase(upper: string): string {
  let out = '';
  let start = true;
  for (let i = 0; i < upper.length; i++) {
    const c = upper[i];
    out += start ? c.toUpperCase() : c.toLowerCase();
    start = c === ' ' || c === '-' || c === "'";
  }
  return out;
}

/** Wrong capitalisation: all lower ("mcdonald"), all upper, or inner capitals lost ("O'brien"). */
export function caseNoise(rng: Rng, name: string): string {
  const r = rng.int(3);
  if (r === 0) return name.toLowerCase();
  if (r === 1) return name.toUpperCase();
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

/** Mc/Mac surnames written with a space, as some systems do: "McDonald" -> "Mc Donald". */
export function mcSpaced(surname: string): string | null {
  const m = /^(Mac|Mc)([A-Z].*)$/.exec(surname);
  return m ? `${m[1]} ${m[2]}` : null;
}

/** One digit of a date of birth wrong, giving another valid date before `notAfter`; null if none found. */
export function dobDigitSlip(rng: Rng, dob: number, notAfter: number): number | null {
  const iso = isoDays(dob);
  // Digits of yyyy-mm-dd worth changing: year tens/units, month, day.
  const positions = [2, 3, 3, 3, 5, 6, 6, 8, 8, 9, 9, 9];
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = rng.pick(positions);
    const d = Number(iso[p]);
    const nd = rng.chance(0.5) ? (d + (rng.chance(0.5) ? 1 : 9)) % 10 : rng.int(10);
    if (nd === d) continue;
    const s = iso.slice(0, p) + nd + iso.slice(p + 1);
    const y = Number(s.slice(0, 4));
    const m = Number(s.slice(5, 7));
    const day = Number(s.slice(8, 10));
    if (m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m)) continue;
    const out = daysFromCivil(y, m, day);
    if (out <= notAfter) return out;
  }
  return null;
}

export interface TreatmentIdentity {
  first: string;
  last: string;
  /** yyyy-mm-dd, or '' when missing. */
  dob: string;
  nhs: string;
  address: Address | null;
  applied: number;
  eligible: number;
}

interface Marks {
  rng: Rng;
  applied: number;
  eligible: number;
}

/** Notes that variation `v` was possible here and draws whether it happens. */
function mark(m: Marks, v: Variation, rate: number): boolean {
  m.eligible |= BITS[v];
  if (!m.rng.chance(rate)) return false;
  m.applied |= BITS[v];
  return true;
}

/**
 * How one treatment record shows a person. `base` is the address the record starts from (home,
 * hostel, or null for no fixed abode).
 */
export function treatmentIdentity(
  rng: Rng,
  rates: SynthRates,
  pop: Population,
  person: Person,
  base: Address | null,
  asOf: number,
): TreatmentIdentity {
  const marks: Marks = { rng, applied: 0, eligible: 0 };
  const maybe = (v: Variation, rate: number): boolean => mark(marks, v, rate);

  // Names. `first` is UPPER until cased below; `last` is in its written case.
  let first = person.forename;
  let last = person.surname;
  let swapped = false;
  if (maybe('nameSwap', rates.nameSwap)) {
    swapped = true;
  } else if (person.middle && maybe('middleAsFirst', rates.middleAsFirst)) {
    first = person.middle;
  } else {
    const nicks = NICKNAMES.get(person.forename);
    if (nicks && nicks.length > 0 && maybe('nickname', rates.nickname)) first = rng.pick(nicks);
  }
  if (!swapped && maybe('surnameChange', rates.surnameChange))
    last = person.otherSurname ?? pop.surname(last);
  let firstOut = titleCase(first);
  let lastOut = last;
  if (swapped) [firstOut, lastOut] = [last, titleCase(first)];
  if (maybe('forenameTypo', rates.forenameTypo)) firstOut = typo(rng, firstOut);
  if (maybe('surnameTypo', rates.surnameTypo)) lastOut = typo(rng, lastOut);
  if (maybe('nameCase', rates.nameCase)) {
    firstOut = caseNoise(rng, firstOut);
    lastOut = caseNoise(rng, lastOut);
  }

  // Date of birth.
  let dob = '';
  if (!maybe('dobMissing', rates.dobMissing)) {
    if (maybe('dobPlaceholder', rates.dobPlaceholder)) {
      dob = rng.chance(0.5) ? '1900-01-01' : '1970-01-01';
    } else {
      let { y, m, d } = civilFromDays(person.dob);
      if (d <= 12 && d !== m && maybe('dobSwap', rates.dobSwap)) [m, d] = [d, m];
      let days = daysFromCivil(y, m, d);
      if (maybe('dobDigit', rates.dobDigit)) {
        const slipped = dobDigitSlip(rng, days, asOf);
        if (slipped === null) marks.applied &= ~bit('dobDigit');
        else days = slipped;
      }
      ({ y, m, d } = civilFromDays(days));
      dob = isoYmd({ y, m, d });
    }
  }

  // NHS number.
  let nhs = (rng.chance(rates.treatmentNhs) && pop.nhsOf(person)) || '';
  if (nhs && maybe('nhsTypo', rates.nhsTypo)) nhs = nhsTypo(rng, nhs);

  // Address.
  let address = base;
  if (base && maybe('moved', rates.moved)) address = pop.moved(base);

  return {
    first: firstOut,
    last: lastOut,
    dob,
    nhs,
    address,
    applied: marks.applied,
    eligible: marks.eligible,
  };
}
