import { describe, expect, it } from 'vitest';
import { normalisePrisonNumber } from './prison-number';

describe('normalisePrisonNumber', () => {
  it.each([
    ['A1234BC', 'A1234BC'],
    ['a1234bc', 'A1234BC'],
    ['  A1234AA ', 'A1234AA'],
    ['A1234 BC', 'A1234BC'],
  ])('accepts %j', (raw, expected) => {
    expect(normalisePrisonNumber(raw)).toBe(expected);
  });

  it.each([
    'AL9692', // legacy two-letter form is a different identifier
    'A123BC',
    'A12345BC',
    '11234BC',
    'A1234B1',
    'A1234BCD',
    'X123456', // a CRN, not a prison number
    '38412A', // a book number
    '',
  ])('rejects %j', (raw) => {
    expect(normalisePrisonNumber(raw)).toBeNull();
  });
});
