import type { RawTable } from '../ingest/types';
import { isMissingToken } from './missing';
import {
  type Alias,
  cleanName,
  type FullNameSplit,
  parseAliases,
  SURNAME_PARTICLES,
  splitFullName,
} from './names';
import { phoneticKey } from './phonetic';
import { newQuality } from './quality';
import type { FieldQuality, NormalisedTable } from './types';

/** The name columns of a NormalisedTable, with the quality counts of the fields they came from. */
export type NameColumns = Pick<
  NormalisedTable,
  'forename' | 'middleNames' | 'surname' | 'forenamesAll' | 'surnamesAll' | 'forenameKey' | 'surnameKey'
> & { quality: FieldQuality[] };

/** Memoise a function of one string: names repeat a great deal across a million rows. */
function memo<T>(fn: (raw: string) => T): (raw: string) => T {
  const cache = new Map<string, T>();
  return (raw) => {
    let value = cache.get(raw);
    if (value === undefined && !cache.has(raw)) {
      value = fn(raw);
      cache.set(raw, value);
    }
    return value as T;
  };
}

function count(quality: FieldQuality, raw: string, usable: boolean): void {
  if (isMissingToken(raw)) quality.missing++;
  else if (usable) quality.present++;
  else quality.rejected++;
}

/** Forename tokens that can carry evidence: initials alone are too common to count as a name. */
function forenameTokens(forenames: string | null): string[] {
  return forenames ? forenames.split(' ').filter((t) => t.length > 1) : [];
}

/** The whole surname, then each part of a multi-part surname (but not "DE", "VAN", or initials). */
function surnameForms(surname: string | null): string[] {
  if (!surname) return [];
  const forms = [surname];
  if (surname.includes(' ')) {
    for (const part of surname.split(' ')) {
      if (part.length > 1 && !SURNAME_PARTICLES.has(part) && !forms.includes(part)) forms.push(part);
    }
  }
  return forms;
}

interface AliasForms {
  forenames: string[];
  surnames: string[];
}

function aliasForms(aliases: Alias[]): AliasForms {
  const forenames: string[] = [];
  const surnames: string[] = [];
  for (const alias of aliases) {
    forenames.push(...forenameTokens(alias.forename));
    surnames.push(...surnameForms(alias.surname));
  }
  return { forenames, surnames };
}

function addUnique(target: string[], values: readonly string[]): void {
  for (const v of values) if (!target.includes(v)) target.push(v);
}

/**
 * Name columns from forenames + surname, falling back per row to the full-name column for
 * whichever part is empty. Alias names join the "all" arrays (domain.md §4.1: MoJ compares arrays
 * of main and alias names).
 */
export function buildNameColumns(raw: RawTable): NameColumns {
  const n = raw.rowCount;
  const { forenames: forenamesCol, surname: surnameCol, fullName: fullCol, aliases: aliasCol } = raw.columns;

  const clean = memo(cleanName);
  const splitFull = memo<FullNameSplit>(splitFullName);
  const aliasesOf = memo((value: string) => aliasForms(parseAliases(value)));
  const key = memo(phoneticKey);

  const out: NameColumns = {
    forename: new Array(n),
    middleNames: new Array(n),
    surname: new Array(n),
    forenamesAll: new Array(n),
    surnamesAll: new Array(n),
    forenameKey: new Array(n),
    surnameKey: new Array(n),
    quality: [],
  };
  const qForenames = forenamesCol ? newQuality('forenames') : null;
  const qSurname = surnameCol ? newQuality('surname') : null;
  const qFull = fullCol ? newQuality('fullName') : null;
  const qAliases = aliasCol ? newQuality('aliases') : null;

  for (let i = 0; i < n; i++) {
    let forenames = forenamesCol ? clean(forenamesCol[i]) : null;
    let surname = surnameCol ? clean(surnameCol[i]) : null;
    if (qForenames) count(qForenames, forenamesCol![i], forenames !== null);
    if (qSurname) count(qSurname, surnameCol![i], surname !== null);
    if (fullCol) {
      const full = splitFull(fullCol[i]);
      count(qFull!, fullCol[i], full.surname !== null || full.forenames !== null);
      if (forenames === null) forenames = full.forenames;
      if (surname === null) surname = full.surname;
    }

    const space = forenames === null ? -1 : forenames.indexOf(' ');
    const first = space < 0 ? forenames : forenames!.slice(0, space);
    out.forename[i] = first;
    out.middleNames[i] = space < 0 ? null : forenames!.slice(space + 1);
    out.surname[i] = surname;
    out.forenameKey[i] = first === null ? null : key(first);
    out.surnameKey[i] = surname === null ? null : key(surname);

    const allForenames = forenameTokens(forenames);
    const allSurnames = surnameForms(surname);
    if (aliasCol) {
      const alias = aliasesOf(aliasCol[i]);
      count(qAliases!, aliasCol[i], alias.forenames.length > 0 || alias.surnames.length > 0);
      addUnique(allForenames, alias.forenames);
      addUnique(allSurnames, alias.surnames);
    }
    out.forenamesAll[i] = allForenames;
    out.surnamesAll[i] = allSurnames;
  }
  for (const q of [qForenames, qSurname, qFull, qAliases]) if (q) out.quality.push(q);
  return out;
}
