/**
 * Cell values that mean "nothing recorded". They are missing, not rejected: nobody gave a value.
 * Compared after trimming, upper-casing and collapsing whitespace. Words that are also given names
 * (NAN, NIL) are deliberately absent.
 */
const MISSING_TOKENS = new Set([
  '',
  'NULL',
  'NUL',
  'NONE',
  'N/A',
  'NA',
  '#N/A',
  'UNDEFINED',
  'UNKNOWN',
  'UNK',
  'NOT KNOWN',
  'N/K',
  'NK',
  'NOT RECORDED',
  'NOT STATED',
  '-',
  '--',
  '?',
]);

export function isMissingToken(raw: string | null | undefined): boolean {
  if (raw === null || raw === undefined) return true;
  const t = raw.trim();
  if (t === '') return true;
  if (t.length > 14) return false;
  return MISSING_TOKENS.has(t.toUpperCase().replace(/\s+/g, ' '));
}
