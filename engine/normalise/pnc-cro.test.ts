import { describe, expect, it } from 'vitest';
import { croCheckLetter, croSfCheckLetter, normaliseCro, normalisePnc, pncCheckLetter } from './pnc-cro';

describe('pncCheckLetter', () => {
  it('matches the MoJ examples', () => {
    expect(pncCheckLetter('12', '394773')).toBe('H');
    expect(pncCheckLetter('12', '0394773')).toBe('H');
    expect(pncCheckLetter('12', '123456')).toBe('Y');
    expect(pncCheckLetter('99', '54321')).toBe('A');
  });

  it('never produces I, O or S', () => {
    const seen = new Set<string>();
    for (let serial = 0; serial < 200; serial++) seen.add(pncCheckLetter('07', String(serial)));
    expect(seen.size).toBe(23);
    expect([...seen].some((c) => 'IOS'.includes(c))).toBe(false);
  });
});

describe('normalisePnc', () => {
  const year = 2025;

  it.each([
    ['2012/0394773H', '2012/0394773H'],
    ['12/394773H', '2012/0394773H'],
    ['12/0394773H', '2012/0394773H'],
    ['2012/394773H', '2012/0394773H'],
    ['20120394773H', '2012/0394773H'],
    ['120394773H', '2012/0394773H'],
    ['12394773H', '2012/0394773H'],
    [' 2012 / 0394773h ', '2012/0394773H'],
    ['2012/0123456Y', '2012/0123456Y'],
    ['1999/0054321A', '1999/0054321A'],
    ['99/54321A', '1999/0054321A'],
  ])('reads %j as %j', (raw, expected) => {
    expect(normalisePnc(raw, year)).toBe(expected);
  });

  it.each([
    ['2012/0123456X', 'the brief example with a wrong check letter'],
    ['2012/0394773J', 'wrong check letter'],
    ['12/394773', 'no check letter'],
    ['2012/03947731H', 'eight-digit serial'],
    ['201/0394773H', 'three-digit year'],
    ['1899/0054321A', 'year before 1900'],
    ['2026/0000001A', 'year after the reference year'],
    ['ABCD/1234567H', 'letters'],
    ['', 'empty'],
  ])('rejects %j (%s)', (raw) => {
    expect(normalisePnc(raw, year)).toBeNull();
  });

  it('expands a short year up to the reference two-digit year to 20YY, above it to 19YY', () => {
    const pnc = (yy: string) => `${yy}/1234567${pncCheckLetter(yy, '1234567')}`;
    expect(normalisePnc(pnc('25'), 2025)).toBe(`2025/1234567${pncCheckLetter('25', '1234567')}`);
    expect(normalisePnc(pnc('26'), 2025)).toBe(`1926/1234567${pncCheckLetter('26', '1234567')}`);
    expect(normalisePnc(pnc('00'), 2025)).toMatch(/^2000\//);
    expect(normalisePnc(pnc('25'), 2024)).toMatch(/^1925\//);
  });

  it('defaults the reference year to the current year', () => {
    expect(normalisePnc('12/394773H')).toBe('2012/0394773H');
  });
});

describe('croCheckLetter', () => {
  it('matches the MoJ examples', () => {
    expect(croCheckLetter('12', '29906')).toBe('J');
    expect(croCheckLetter('12', '029906')).toBe('J');
    expect(croSfCheckLetter('05', '123456')).toBe('Y');
  });

  it('pads standard serials but not SF serials', () => {
    // 05 + 000123 = 5000123 vs 05 + 123 = 5123: different numbers, usually different letters
    expect(croCheckLetter('05', '123')).toBe(croCheckLetter('05', '000123'));
    expect(croSfCheckLetter('05', '123')).not.toBe(croSfCheckLetter('05', '000123'));
  });
});

describe('normaliseCro', () => {
  it.each([
    ['29906/12J', '029906/12J'],
    ['029906/12J', '029906/12J'],
    ['029906/12j', '029906/12J'],
    [' 29906 / 12J ', '029906/12J'],
    ['SF05/123456Y', 'SF05/123456Y'],
    ['sf05/123456y', 'SF05/123456Y'],
  ])('reads %j as %j', (raw, expected) => {
    expect(normaliseCro(raw)).toBe(expected);
  });

  it.each([
    ['000000/00Z', 'MoJ placeholder (its check letter is right)'],
    ['0/00Z', 'the placeholder unpadded'],
    ['29906/12K', 'wrong check letter'],
    ['SF05/123456X', 'wrong SF check letter'],
    ['2990612J', 'no slash'],
    ['1234567/12J', 'seven-digit serial'],
    ['29906/2J', 'one-digit year'],
    ['12/394773H', 'a PNC, not a CRO'],
    ['', 'empty'],
  ])('rejects %j (%s)', (raw) => {
    expect(normaliseCro(raw)).toBeNull();
  });

  it('accepts a freshly computed check letter for any year and serial', () => {
    for (const [serial, yy] of [
      ['1', '99'],
      ['654321', '00'],
      ['77', '47'],
    ]) {
      expect(normaliseCro(`${serial}/${yy}${croCheckLetter(yy, serial)}`)).toBe(
        `${serial.padStart(6, '0')}/${yy}${croCheckLetter(yy, serial)}`,
      );
    }
  });
});
