import { describe, expect, it } from 'vitest';
import { nhsCheckDigit, normaliseNhsNumber } from './nhs-number';

describe('nhsCheckDigit', () => {
  it('computes the Data Dictionary example 943 476 591 -> 9', () => {
    // 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    expect(nhsCheckDigit('943476591')).toBe(9);
  });

  it('uses 0 when 11 - remainder is 11', () => {
    expect(nhsCheckDigit('000000000')).toBe(0);
    // 4*10 + 6*2 = 52, remainder 8, 11 - 8 = 3
    expect(nhsCheckDigit('400000006')).toBe(3);
  });

  it('returns null when the check would be 10 (never issued)', () => {
    // 6*2 = 12, remainder 1, 11 - 1 = 10
    expect(nhsCheckDigit('000000006')).toBeNull();
    // 9*10 + 9*9 + 9*8 = 243 = 22*11 + 1: the first test-range prefix has no valid number
    expect(nhsCheckDigit('999000000')).toBeNull();
  });

  it('returns null for input that is not nine digits', () => {
    expect(nhsCheckDigit('94347659')).toBeNull();
    expect(nhsCheckDigit('94347659A')).toBeNull();
    expect(nhsCheckDigit('9434765919')).toBeNull();
  });
});

describe('normaliseNhsNumber', () => {
  it.each([
    ['9434765919', '9434765919'],
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    [' 943 476 5919 ', '9434765919'],
    // The never-issued test range (domain.md §2.1)
    ['9995260182', '9995260182'],
    ['999 159 0838', '9991590838'],
    ['9990166137', '9990166137'],
    ['9991860916', '9991860916'],
    ['9993909963', '9993909963'],
  ])('accepts %j', (raw, expected) => {
    expect(normaliseNhsNumber(raw)).toBe(expected);
  });

  it.each([
    ['9434765918', 'wrong check digit'],
    ['9434765910', 'wrong check digit'],
    ['4347659190', 'transposed: digits shifted'],
    ['9434756919', 'adjacent digits swapped'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943476591X', 'letter'],
    ['0000000060', 'check would be 10'],
    ['0000000000', 'all zeros passes mod 11 but is a placeholder'],
    ['1111111111', 'repeated digit passes mod 11 but is a placeholder'],
    ['9999999999', 'repeated digit passes mod 11 but is a placeholder'],
    ['', 'empty'],
  ])('rejects %j (%s)', (raw) => {
    expect(normaliseNhsNumber(raw)).toBeNull();
  });

  it('accepts exactly one final digit for an issuable prefix and none for a check-10 prefix', () => {
    const accepted = (prefix: string) =>
      Array.from({ length: 10 }, (_, d) => `${prefix}${d}`).filter((x) => normaliseNhsNumber(x) !== null);
    expect(accepted('943476591')).toEqual(['9434765919']);
    expect(accepted('999000000')).toEqual([]);
  });
});
