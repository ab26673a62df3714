import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { civilFromDays, daysFromCivil, isoDays, parseIso, ukDays, weekday } from './dates';
import { nhsTypo, nhsValid, Permutation, pncShort } from './identifiers';
import { FEMALE_FORENAMES, MALE_FORENAMES, SURNAMES } from './names-uk';
import { caseNoise, dobDigitSlip, mcSpaced, NICKNAMES, titleCase, typo } from './variation';
import { pickWeighted, zipf } from './weighted';

describe('rng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('picks Zipf-weighted items with the most common first', () => {
    const rng = createRng(1);
    const w = zipf(['A', 'B', 'C', 'D', 'E'], 1, 1);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const x = pickWeighted(rng, w);
      counts[x] = (counts[x] ?? 0) + 1;
    }
    expect(counts.A).toBeGreaterThan(counts.B);
    expect(counts.B).toBeGreaterThan(counts.E);
    expect(Math.abs(counts.A / 20_000 - 1 / (1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5))).toBeLessThan(0.02);
  });
});

describe('dates', () => {
  it('converts days and calendar dates both ways', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(isoDays(daysFromCivil(2024, 2, 29))).toBe('2024-02-29');
    expect(ukDays(parseIso('2026-11-01'))).toBe('01/11/2026');
    expect(weekday(parseIso('2026-11-06'))).toBe(4); // a Friday
    for (let d = -30_000; d < 30_000; d += 97) {
      const { y, m, d: day } = civilFromDays(d);
      expect(daysFromCivil(y, m, day)).toBe(d);
    }
    expect(() => parseIso('2026-13-01')).toThrow();
  });
});

describe('identifiers', () => {
  it('permutes without repeats', () => {
    const p = new Permutation(createRng(3), 10_000);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(p.next());
    expect(seen.size).toBe(10_000);
  });

  it('makes NHS typos that fail the check and stay in the 999 range', () => {
    const rng = createRng(4);
    for (const nhs of ['9995260182', '9991590838', '9990166137', '9991860916', '9993909963']) {
      expect(nhsValid(nhs)).toBe(true);
      for (let i = 0; i < 50; i++) {
        const bad = nhsTypo(rng, nhs);
        expect(bad).toMatch(/^999\d{7}$/);
        expect(nhsValid(bad)).toBe(false);
      }
    }
  });

  it('shortens PNC IDs', () => {
    expect(pncShort('2012/0394773H')).toBe('12/394773H');
  });
});

describe('name lists', () => {
  it('has enough distinct names, the common and the awkward ones', () => {
    expect(new Set(MALE_FORENAMES).size).toBe(MALE_FORENAMES.length);
    expect(new Set(FEMALE_FORENAMES).size).toBe(FEMALE_FORENAMES.length);
    expect(new Set(SURNAMES).size).toBe(SURNAMES.length);
    expect(MALE_FORENAMES.length).toBeGreaterThanOrEqual(150);
    expect(FEMALE_FORENAMES.length).toBeGreaterThanOrEqual(150);
    expect(SURNAMES.length).toBeGreaterThanOrEqual(300);
    for (const s of [
      'Smith',
      'Jones',
      'Khan',
      "O'Brien",
      "D'Souza",
      'McDonald',
      'MacKenzie',
      'Smith-Jones',
    ]) {
      expect(SURNAMES).toContain(s);
    }
    const withNicknames = [...MALE_FORENAMES, ...FEMALE_FORENAMES].filter((f) => NICKNAMES.has(f));
    expect(withNicknames.length).toBeGreaterThanOrEqual(40);
    for (const f of [...MALE_FORENAMES, ...FEMALE_FORENAMES]) expect(f).toMatch(/^[A-Z]+(-[A-Z]+)?$/);
  });
});

describe('variation helpers', () => {
  it('makes one-letter typos that keep punctuation', () => {
    const rng = createRng(5);
    for (let i = 0; i < 200; i++) {
      const out = typo(rng, "O'Brien");
      expect(out).not.toBe("O'Brien");
      expect(out).toContain("'");
      expect(Math.abs(out.length - 7)).toBeLessThanOrEqual(1);
    }
    expect(typo(rng, 'Li')).toBe('Li');
  });

  it('cases names', () => {
    expect(titleCase('JOHN-PAUL')).toBe('John-Paul');
    expect(titleCase('MARY ANNE')).toBe('Mary Anne');
    expect(mcSpaced('McDonald')).toBe('Mc Donald');
    expect(mcSpaced('MacKenzie')).toBe('Mac Kenzie');
    expect(mcSpaced('Mason')).toBeNull();
    const rng = createRng(6);
    const seen = new Set(Array.from({ length: 50 }, () => caseNoise(rng, "O'Brien")));
    expect(seen).toEqual(new Set(["o'brien", "O'BRIEN", "O'brien"]));
  });

  it('slips one DOB digit to another valid date', () => {
    const rng = createRng(7);
    const dob = parseIso('1985-03-12');
    for (let i = 0; i < 100; i++) {
      const out = dobDigitSlip(rng, dob, parseIso('2026-11-01'));
      if (out === null) continue;
      expect(out).not.toBe(dob);
      const a = isoDays(dob);
      const b = isoDays(out);
      expect([...a].filter((c, k) => c !== b[k]).length).toBe(1);
    }
  });
});
