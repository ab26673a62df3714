import { describe, expect, it } from 'vitest';
import { phoneticKey } from './phonetic';

describe('phoneticKey', () => {
  it('gives spelling variants the same key', () => {
    expect(phoneticKey('SMITH')).toBe(phoneticKey('SMYTH'));
    expect(phoneticKey('CATHERINE')).toBe(phoneticKey('KATHERINE'));
    expect(phoneticKey('STEPHEN')).toBe(phoneticKey('STEVEN'));
    expect(phoneticKey('JON')).toBe(phoneticKey('JOHN'));
    expect(phoneticKey('MCDONALD')).toBe(phoneticKey('MACDONALD'));
  });

  it('uses the primary code', () => {
    expect(phoneticKey('SMITH')).toBe('SM0');
    expect(phoneticKey('SCHMIDT')).toBe('XMT');
  });

  it('keys a multi-part name by its first token', () => {
    expect(phoneticKey('SMITH JONES')).toBe(phoneticKey('SMITH'));
  });

  it('is null for no name or a name with no code', () => {
    expect(phoneticKey(null)).toBeNull();
    expect(phoneticKey('')).toBeNull();
    expect(phoneticKey('H')).toBeNull();
  });
});
