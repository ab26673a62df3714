import { describe, expect, it } from 'vitest';
import { isMissingToken } from './missing';

describe('isMissingToken', () => {
  it.each(['', '  ', 'NULL', 'null', 'N/A', 'n/a', '#N/A', 'unknown', 'Not  Known', 'NK', '-', '?', 'none'])(
    'treats %j as missing',
    (raw) => {
      expect(isMissingToken(raw)).toBe(true);
    },
  );

  it.each(['0', 'LS6', 'Smith', 'Nan', 'Nil', 'not known at all', 'N/A N/A'])(
    'treats %j as a value',
    (raw) => {
      expect(isMissingToken(raw)).toBe(false);
    },
  );

  it('treats null and undefined as missing', () => {
    expect(isMissingToken(null)).toBe(true);
    expect(isMissingToken(undefined)).toBe(true);
  });
});
