import { isMissingToken } from './missing';

/**
 * Name cleaning after MoJ's Core Person Record (domain.md §4.2): upper case A-Z and single spaces;
 * system prefixes stripped; "NOT ENTERED" removed; apostrophes removed (O'Brien -> OBRIEN); hyphens
 * to spaces (double-barrelled names become two tokens); "MC DONALD" / "MAC DONALD" joined.
 */

const SYSTEM_PREFIX = /^(?:MIG_ERROR_|NO_SHOW_|DUPLICATE_)+/;
const APOSTROPHES = /['\u2018\u2019\u201B`\u00B4\u02BC]/g;
const SEPARATORS = /[\s\-\u2010-\u2015_.,/\\&()[\]+:;|"]+/g;
const NON_LETTER = /[^A-Z ]/g;
const COMBINING_MARKS = /\p{M}/gu;
/** Letters that NFKD does not decompose into A-Z. */
const LETTER_FOLDS: Record<string, string> = {
  Ø: 'O',
  Ł: 'L',
  Đ: 'D',
  Æ: 'AE',
  Œ: 'OE',
  Þ: 'TH',
  Ð: 'D',
  ẞ: 'SS',
};
const FOLDABLE = /[ØŁĐÆŒÞÐẞ]/g;

const TITLES = new Set(['MR', 'MRS', 'MS', 'MISS', 'DR', 'MX']);
/** Whole values that mean no name was recorded. */
const NO_NAME = new Set([
  'UNKNOWN',
  'NOT KNOWN',
  'NOT GIVEN',
  'NOT STATED',
  'NOT RECORDED',
  'NO NAME',
  'NK',
  'NA',
  'N A',
]);
const NOT_ENTERED = /\bNOT\s+ENTERED\b/gi;
const MAC_PREFIXES = new Set(['MC', 'MAC']);
/** Lower-case particles that begin a surname ("van Dijk", "de la Cruz"); never surname parts alone. */
export const SURNAME_PARTICLES: ReadonlySet<string> = new Set([
  'VAN',
  'VON',
  'DER',
  'DEN',
  'DE',
  'DI',
  'DA',
  'DU',
  'DOS',
  'DAS',
  'DEL',
  'DELLA',
  'LA',
  'LE',
  'ST',
  'AL',
  'EL',
  'BIN',
  'AP',
]);

/** Upper-case A-Z tokens; titles and "NOT ENTERED" removed; Mc/Mac joined to the next token. */
function cleanTokens(raw: string): string[] {
  const s = raw
    .trim()
    .toUpperCase()
    .replace(SYSTEM_PREFIX, '')
    .replace(APOSTROPHES, '')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(FOLDABLE, (c) => LETTER_FOLDS[c])
    .replace(SEPARATORS, ' ')
    .replace(NON_LETTER, '');
  const tokens: string[] = [];
  const parts = s.split(' ');
  for (let i = 0; i < parts.length; i++) {
    const t = parts[i];
    if (t === '') continue;
    if (t === 'NOT' && parts[i + 1] === 'ENTERED') {
      i++;
      continue;
    }
    tokens.push(t);
  }
  while (tokens.length > 1 && TITLES.has(tokens[0])) tokens.shift();
  for (let i = 0; i < tokens.length - 1; i++) {
    if (MAC_PREFIXES.has(tokens[i])) tokens.splice(i, 2, tokens[i] + tokens[i + 1]);
  }
  return tokens;
}

/** "  Mc Donald-O'Brien " -> "MCDONALD OBRIEN"; null when nothing is left or it means "no name". */
export function cleanName(raw: string): string | null {
  if (isMissingToken(raw)) return null;
  const cleaned = cleanTokens(raw).join(' ');
  if (cleaned === '' || NO_NAME.has(cleaned)) return null;
  return cleaned;
}

export interface ForenameSplit {
  first: string | null;
  /** Second and later forenames, space separated. */
  middle: string | null;
}

/** "JOHN PAUL GEORGE" -> { first: "JOHN", middle: "PAUL GEORGE" }. Takes a cleaned name. */
export function splitForenames(cleaned: string | null): ForenameSplit {
  if (!cleaned) return { first: null, middle: null };
  const space = cleaned.indexOf(' ');
  if (space < 0) return { first: cleaned, middle: null };
  return { first: cleaned.slice(0, space), middle: cleaned.slice(space + 1) };
}

export interface FullNameSplit {
  /** Cleaned forenames, space separated. */
  forenames: string | null;
  /** Cleaned surname; a multi-part surname keeps its parts separated by one space. */
  surname: string | null;
}

function bare(token: string): string {
  return token.toUpperCase().replace(/[^A-Z]/g, '');
}

/** A token written in capitals ("SMITH", "O'BRIEN", "McDONALD"), as systems write surnames. */
function isCapitalised(token: string): boolean {
  // An initial ("J.") is not evidence of surname-first order.
  return bare(token).length >= 2 && !/[a-z]/.test(token.replace(/^(?:Mc|Mac)(?=[A-Z])/, ''));
}

/**
 * One name column into forenames and surname:
 * - "SMITH, John Paul": surname before the comma;
 * - "SMITH John Paul": a leading run of capitalised tokens before mixed-case ones is the surname
 *   (the NOMIS display style);
 * - otherwise the last token is the surname (MoJ's rule), with particles before it ("Maria de la
 *   Cruz" -> "DE LA CRUZ") and a split "Mc"/"Mac" ("Ronald Mc Donald") kept with it.
 */
export function splitFullName(input: string): FullNameSplit {
  // "NOT ENTERED" must go before splitting, or "ENTERED" would become the surname.
  const raw = input.replace(NOT_ENTERED, ' ');
  if (cleanName(raw) === null) return { forenames: null, surname: null };
  const comma = raw.indexOf(',');
  if (comma >= 0) {
    return { forenames: cleanName(raw.slice(comma + 1)), surname: cleanName(raw.slice(0, comma)) };
  }
  const tokens = raw.trim().split(/\s+/);
  while (tokens.length > 1 && TITLES.has(bare(tokens[0]))) tokens.shift();
  for (let i = 0; i < tokens.length - 1; i++) {
    if (MAC_PREFIXES.has(bare(tokens[i]))) tokens.splice(i, 2, tokens[i] + tokens[i + 1]);
  }
  if (tokens.length === 1) return { forenames: null, surname: cleanName(tokens[0]) };

  let leadingCaps = 0;
  while (leadingCaps < tokens.length && isCapitalised(tokens[leadingCaps])) leadingCaps++;
  let surnameStart: number;
  let surnameEnd: number;
  if (leadingCaps > 0 && leadingCaps < tokens.length) {
    surnameStart = 0;
    surnameEnd = leadingCaps;
  } else {
    surnameEnd = tokens.length;
    surnameStart = tokens.length - 1;
    while (surnameStart > 1 && SURNAME_PARTICLES.has(bare(tokens[surnameStart - 1]))) surnameStart--;
  }
  const surname = cleanName(tokens.slice(surnameStart, surnameEnd).join(' '));
  const forenames = cleanName([...tokens.slice(0, surnameStart), ...tokens.slice(surnameEnd)].join(' '));
  return { forenames, surname };
}

export interface Alias {
  /** The alias's cleaned forenames, space separated. */
  forename: string | null;
  surname: string | null;
}

/**
 * "Johnny Smith; SMITH, John | Jack Smyth" -> one entry per alias. Each alias is read as
 * splitFullName reads a full name; empty entries are skipped.
 */
export function parseAliases(raw: string): Alias[] {
  const aliases: Alias[] = [];
  if (isMissingToken(raw)) return aliases;
  for (const part of raw.split(/[;|]/)) {
    const { forenames, surname } = splitFullName(part);
    if (forenames !== null || surname !== null) aliases.push({ forename: forenames, surname });
  }
  return aliases;
}
