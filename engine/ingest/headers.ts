import Fuse from 'fuse.js';
import { type CanonicalField, MULTI_COLUMN_FIELDS } from '../../shared/person';
import { FIELD_SYNONYMS } from './synonyms';
import type { ColumnAssignment } from './types';

/** A fuzzy header guess below this confidence is not used. */
export const FUZZY_ACCEPT = 0.6;

/** Headers shorter than this (normalised, without spaces) are only matched exactly: "LA" is not "PC". */
const FUZZY_MIN_LENGTH = 4;

/** Confidence given to a prison-number column that also serves as the record id. */
export const PRISON_NUMBER_AS_ID_CONFIDENCE = 0.5;

/**
 * Lower case, camelCase split ("dateOfBirth" -> "date of birth"), punctuation and underscores to
 * spaces, runs of spaces collapsed: "Forename(s)" -> "forename s", "NHS_No." -> "nhs no".
 */
export function normaliseHeader(header: string): string {
  return header
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const compact = (normalised: string): string => normalised.replace(/ /g, '');

interface Synonym {
  text: string;
  field: CanonicalField;
}

const SYNONYMS: Synonym[] = (Object.keys(FIELD_SYNONYMS) as CanonicalField[]).flatMap((field) =>
  FIELD_SYNONYMS[field].map((s) => ({ text: normaliseHeader(s), field })),
);

/** Exact lookup on the synonym with its spaces removed, so "Sur name" and "DateOfBirth" are exact. */
const EXACT = new Map<string, CanonicalField>(SYNONYMS.map((s) => [compact(s.text), s.field]));

let fuse: Fuse<Synonym> | undefined;
function synonymIndex(): Fuse<Synonym> {
  fuse ??= new Fuse(SYNONYMS, {
    keys: ['text'],
    includeScore: true,
    ignoreLocation: true,
    ignoreFieldNorm: true,
    threshold: 1 - FUZZY_ACCEPT,
  });
  return fuse;
}

export interface HeaderGuess {
  field: CanonicalField;
  confidence: number;
  method: 'synonym' | 'fuzzy';
}

/**
 * The canonical field a header most likely names, or null.
 *
 * Exact synonyms score 1. Otherwise fuse.js searches every synonym for the header. Fuse's Bitap
 * score says how well the header occurs *inside* a synonym ("age" scores 0.33 against "date of
 * birth", "phone number" 0.25 against "house number"), so the confidence is (1 - fuse score)
 * multiplied by the edit similarity of the two whole texts (1 - optimal-string-alignment distance /
 * longer length, which counts a swapped pair of letters as one edit). Only near-whole matches such
 * as "Date of Brith" or "Surnmae" reach FUZZY_ACCEPT.
 */
export function guessField(header: string): HeaderGuess | null {
  const norm = normaliseHeader(header);
  if (norm === '') return null;
  const key = compact(norm);
  const exact = EXACT.get(key);
  if (exact) return { field: exact, confidence: 1, method: 'synonym' };
  // "Alias 3", "Address line 6": a numbered copy of a multi-column field's synonym.
  const unnumbered = EXACT.get(key.replace(/\d+$/, ''));
  if (unnumbered && MULTI_COLUMN_FIELDS.includes(unnumbered)) {
    return { field: unnumbered, confidence: 1, method: 'synonym' };
  }
  if (key.length < FUZZY_MIN_LENGTH) return null;
  let best: HeaderGuess | null = null;
  for (const hit of synonymIndex().search(norm)) {
    const text = hit.item.text;
    const confidence = (1 - (hit.score ?? 1)) * editSimilarity(norm, text);
    if (confidence >= FUZZY_ACCEPT && (!best || confidence > best.confidence)) {
      best = { field: hit.item.field, confidence, method: 'fuzzy' };
    }
  }
  return best;
}

/** 1 - (optimal string alignment distance / length of the longer text); 1 for equal texts. */
export function editSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  // Three rolling rows of the Damerau (adjacent transposition) edit-distance table.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return 1 - previous[b.length] / longer;
}

/** Whether a mapping-file column name refers to this header: exactly, or equal once normalised. */
export function sameHeader(mappingName: string, header: string): boolean {
  return mappingName === header || normaliseHeader(mappingName) === normaliseHeader(header);
}

export interface HeaderMapping {
  assignments: ColumnAssignment[];
  /** For each canonical field, the 0-based source columns feeding it, in source order. */
  sources: Partial<Record<CanonicalField, number[]>>;
  /** Columns the mapping file says to drop (neither a field nor an extra). */
  ignored: Set<number>;
  /** Single-valued fields the mapping file gave to more than one column. */
  duplicateMappings: { field: CanonicalField; headers: string[] }[];
  /** Mapping-file column names that match no header. */
  unknownColumns: string[];
}

/**
 * Assigns each column to at most one canonical field. Mapping-file entries come first and win;
 * then every other column gets its best guess. A single-valued field keeps only its most confident
 * column (ties: the leftmost), the losers become extras; a multi-column field keeps every column.
 * If no column is the id but one is the prison number, it serves as the id as well.
 */
export function mapHeaders(
  headers: readonly string[],
  mapping?: Readonly<Record<string, CanonicalField | null>>,
): HeaderMapping {
  const assignments: ColumnAssignment[] = headers.map((header, index) => ({
    header,
    index,
    field: null,
    confidence: 0,
    method: 'unmapped',
  }));
  const ignored = new Set<number>();
  const fromMapping = new Map<CanonicalField, number[]>();
  const unknownColumns: string[] = [];

  for (const [name, field] of Object.entries(mapping ?? {})) {
    let index = headers.indexOf(name);
    if (index < 0) index = headers.findIndex((h) => sameHeader(name, h));
    if (index < 0) {
      unknownColumns.push(name);
      continue;
    }
    const a = assignments[index];
    a.method = 'mapping-file';
    a.confidence = 1;
    a.field = field;
    if (field === null) ignored.add(index);
    else fromMapping.set(field, [...(fromMapping.get(field) ?? []), index]);
  }

  const duplicateMappings: HeaderMapping['duplicateMappings'] = [];
  for (const [field, indexes] of fromMapping) {
    if (indexes.length > 1 && !MULTI_COLUMN_FIELDS.includes(field)) {
      duplicateMappings.push({ field, headers: indexes.map((i) => headers[i]) });
    }
  }

  // Guesses for the columns the mapping file did not mention, grouped by field.
  const candidates = new Map<CanonicalField, { index: number; guess: HeaderGuess }[]>();
  for (const a of assignments) {
    if (a.method === 'mapping-file') continue;
    const guess = guessField(a.header);
    if (!guess) continue;
    candidates.set(guess.field, [...(candidates.get(guess.field) ?? []), { index: a.index, guess }]);
  }
  for (const [field, list] of candidates) {
    const multi = MULTI_COLUMN_FIELDS.includes(field);
    // A single-valued field named in the mapping file is already taken.
    if (!multi && fromMapping.has(field)) continue;
    let chosen = list;
    if (!multi) {
      // Highest confidence, then leftmost (list is in source order, so the first best wins).
      const best = list.reduce((b, c) => (c.guess.confidence > b.guess.confidence ? c : b));
      chosen = [best];
    }
    for (const { index, guess } of chosen) {
      const a = assignments[index];
      a.field = field;
      a.confidence = guess.confidence;
      a.method = guess.method;
    }
  }

  const sources: Partial<Record<CanonicalField, number[]>> = {};
  for (const a of assignments) {
    if (a.field === null) continue;
    const list = sources[a.field] ?? [];
    list.push(a.index);
    sources[a.field] = list;
  }
  for (const field of Object.keys(sources) as CanonicalField[]) {
    if (!MULTI_COLUMN_FIELDS.includes(field)) sources[field] = sources[field]!.slice(0, 1);
  }

  if (!sources.id && sources.prisonNumber) {
    const index = sources.prisonNumber[0];
    sources.id = [index];
    const own = assignments[index];
    assignments.push({
      header: own.header,
      index,
      field: 'id',
      confidence: Math.min(own.confidence, PRISON_NUMBER_AS_ID_CONFIDENCE),
      method: own.method,
    });
  }

  return { assignments, sources, ignored, duplicateMappings, unknownColumns };
}
