import { doubleMetaphone } from 'double-metaphone';

/**
 * Double Metaphone primary code of a cleaned name, for blocking ("SMITH" and "SMYTH" share
 * "SM0"). A multi-token name ("SMITH JONES") is keyed by its first token.
 */
export function phoneticKey(name: string | null): string | null {
  if (!name) return null;
  const space = name.indexOf(' ');
  const token = space < 0 ? name : name.slice(0, space);
  const primary = doubleMetaphone(token)[0];
  return primary === '' ? null : primary;
}
