import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber, inferDateOrder, parseDate, todayYmd } from './dates';

const date = (value: number) => ({ kind: 'date', value });
const REF = 2025;

describe('parseDate', () => {
  it.each([
    ['12/03/1985', 19850312],
    ['2/3/1985', 19850302],
    ['12-03-1985', 19850312],
    ['12.03.1985', 19850312],
    ['12 03 1985', 19850312],
    ['1985-03-12', 19850312],
    ['1985/03/12', 19850312],
    ['1985-3-2', 19850302],
    ['1985-03-12T00:00:00', 19850312],
    ['1985-03-12T00:00:00.000Z', 19850312],
    ['1985-03-12 14:30', 19850312],
    ['12/03/1985 00:00', 19850312],
    ['12/03/1985 00:00:00', 19850312],
    ['19850312', 19850312],
    ['12 Mar 1985', 19850312],
    ['12-Mar-1985', 19850312],
    ['12-MAR-85', 19850312],
    ['12 March 1985', 19850312],
    ['12th March 1985', 19850312],
    ['1st Sept 1985', 19850901],
    ['March 12, 1985', 19850312],
    [' 29/02/2000 ', 20000229],
  ])('reads %j (UK order)', (raw, value) => {
    expect(parseDate(raw, 'dmy', REF)).toEqual(date(value));
  });

  it('reads the same numeric text differently by order, but never ISO or month names', () => {
    expect(parseDate('03/04/1980', 'dmy', REF)).toEqual(date(19800403));
    expect(parseDate('03/04/1980', 'mdy', REF)).toEqual(date(19800304));
    expect(parseDate('1980-03-04', 'mdy', REF)).toEqual(date(19800304));
    expect(parseDate('4 Mar 1980', 'mdy', REF)).toEqual(date(19800304));
  });

  it('defaults to UK day-month order', () => {
    expect(parseDate('03/04/1980')).toEqual(date(19800403));
  });

  it('pivots two-digit years on the reference year', () => {
    expect(parseDate('12/03/85', 'dmy', REF)).toEqual(date(19850312));
    expect(parseDate('12/03/25', 'dmy', REF)).toEqual(date(20250312));
    expect(parseDate('12/03/26', 'dmy', REF)).toEqual(date(19260312));
    expect(parseDate('12/03/00', 'dmy', REF)).toEqual(date(20000312));
    expect(parseDate('12/03/26', 'dmy', 2026)).toEqual(date(20260312));
  });

  it('reads eight digits that are not yyyymmdd as ddmmyyyy', () => {
    expect(parseDate('12031985', 'dmy', REF)).toEqual(date(19850312));
    expect(parseDate('03121985', 'mdy', REF)).toEqual(date(19850312));
  });

  it.each(['', '   ', 'NULL', 'null', 'N/A', 'unknown', 'Not Known', '-'])('treats %j as missing', (raw) => {
    expect(parseDate(raw, 'dmy', REF)).toEqual({ kind: 'missing' });
  });

  it.each([
    ['01/01/1900', 19000101],
    ['1900-01-01', 19000101],
    ['01/01/1970', 19700101],
    ['1970-01-01T00:00:00Z', 19700101],
    ['19700101', 19700101],
    ['01-Jan-1970', 19700101],
    ['30/12/1899', 18991230],
    ['0001-01-01', 10101],
    ['9999-12-31', 99991231],
    ['00/00/0000', 0],
  ])('marks the placeholder %j', (raw, value) => {
    expect(parseDate(raw, 'dmy', REF)).toEqual({ kind: 'placeholder', value });
  });

  it('does not treat other first-of-January dates as placeholders', () => {
    expect(parseDate('01/01/1985', 'dmy', REF)).toEqual(date(19850101));
  });

  it.each([
    '31/02/1980',
    '29/02/1900', // 1900 was not a leap year
    '29/02/2001',
    '31/04/1985',
    '12/13/1985',
    '00/03/1985',
    '32/01/1985',
    '13/12/1985', // month 13 in US order
    '1985-13-01',
    '1985-02-30',
    '31 Feb 1985',
    '12 Foo 1985',
    '12/03/0985',
    '19851312',
    '12/3',
    '1985',
    'yesterday',
    '12/03/1985abc',
  ])('rejects the impossible or unreadable %j', (raw) => {
    const order = raw === '13/12/1985' ? 'mdy' : 'dmy';
    expect(parseDate(raw, order, REF)).toEqual({ kind: 'invalid' });
  });
});

describe('inferDateOrder', () => {
  it('stays UK when undecided', () => {
    expect(inferDateOrder([])).toBe('dmy');
    expect(inferDateOrder(['03/04/1980', '01/02/1990', ''])).toBe('dmy');
  });

  it('is US only when a second part exceeds 12 and no first part does', () => {
    expect(inferDateOrder(['03/04/1980', '12/25/1990'])).toBe('mdy');
    expect(inferDateOrder(['03/04/1980', '12/25/1990', '25/12/1990'])).toBe('dmy');
    expect(inferDateOrder(['25/12/1990', '12/25/1990'])).toBe('dmy');
  });

  it('ignores ISO and month-name values, which carry their own order', () => {
    expect(inferDateOrder(['1990-12-25', '12/25/1990'])).toBe('mdy');
    expect(inferDateOrder(['25 Dec 1990', '03/04/1980'])).toBe('dmy');
  });
});

describe('dayNumber and fromDayNumber', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumber(19700101)).toBe(0);
    expect(dayNumber(19700102)).toBe(1);
    expect(dayNumber(19691231)).toBe(-1);
    expect(dayNumber(20000301) - dayNumber(20000228)).toBe(2); // 2000 was a leap year
    expect(dayNumber(19000301) - dayNumber(19000228)).toBe(1); // 1900 was not
  });

  it('agrees with Date.UTC across two centuries, both directions', () => {
    for (let days = -40000; days <= 40000; days += 97) {
      const d = new Date(days * 86_400_000);
      const ymd = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
      expect(dayNumber(ymd)).toBe(days);
      expect(fromDayNumber(days)).toBe(ymd);
    }
  });

  it('round-trips leap days and month ends', () => {
    for (const ymd of [20000229, 19960229, 18000101, 21991231, 19851231, 19860101]) {
      expect(fromDayNumber(dayNumber(ymd))).toBe(ymd);
    }
  });
});

describe('todayYmd', () => {
  it('formats a UTC date as yyyymmdd', () => {
    expect(todayYmd(new Date(Date.UTC(2025, 0, 9, 23, 59)))).toBe(20250109);
  });
});
