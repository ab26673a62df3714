import type { Issue, Result } from '../../shared/issues';
import { ATTRIBUTE_FIELDS, CANONICAL_FIELDS, type CanonicalField, EVENT_FIELDS } from '../../shared/person';
import type { RawTable } from '../ingest/types';
import { normaliseDateColumn } from './date-column';
import { todayYmd } from './dates';
import { isMissingToken } from './missing';
import { buildNameColumns } from './name-columns';
import { normaliseNhsNumber } from './nhs-number';
import { normaliseCro, normalisePnc } from './pnc-cro';
import { isNoFixedAbode, type ParsedPostcode, parsePostcode } from './postcodes';
import { normalisePrisonNumber } from './prison-number';
import { MAX_LISTED_ISSUES, newQuality } from './quality';
import type { FieldQuality, NormalisedTable } from './types';

export interface NormaliseOptions {
  /** Day-month order of numeric dates; 'auto' (default) decides per column with inferDateOrder. */
  dateOrder?: 'dmy' | 'mdy' | 'auto';
  /** Share of a date column's non-empty values that may be unreadable (default 0.05). */
  badDateTolerance?: number;
  /** Year that two-digit years and short PNC years pivot on (default: this UTC year). */
  referenceYear?: number;
  /** Today as yyyymmdd (default: today, UTC); a later date of birth is rejected. */
  today?: number;
}

const SEX_CODES: Record<string, 'M' | 'F'> = { M: 'M', MALE: 'M', '1': 'M', F: 'F', FEMALE: 'F', '2': 'F' };
/** NHS "not known" (0) and "not specified" (9), and U for unknown, are missing, not rejected. */
const SEX_NOT_KNOWN = new Set(['U', '0', '9']);

function column(raw: RawTable, field: CanonicalField): string {
  return raw.headers[field] ?? field;
}

/** Free text: trimmed, upper case, single spaces; '' is null. */
function cleanText(value: string): string | null {
  const t = value
    .trim()
    .toUpperCase()
    .replace(/[\s,]+/g, ' ');
  return t === '' || t === ' ' ? null : t;
}

function cleanOtherId(value: string): string | null {
  return isMissingToken(value) ? null : value.replace(/\s+/g, '').toUpperCase();
}

/**
 * One file's raw cells to clean columns (see NormalisedTable). Refuses the file only when a date
 * column has more unreadable values than the tolerance; every such column is reported at once.
 */
export function normaliseTable(raw: RawTable, options: NormaliseOptions = {}): Result<NormalisedTable> {
  const n = raw.rowCount;
  const referenceYear = options.referenceYear ?? new Date().getUTCFullYear();
  const tolerance = options.badDateTolerance ?? 0.05;
  const order = options.dateOrder ?? 'auto';
  const today = options.today ?? todayYmd();
  const qualityByField = new Map<string, FieldQuality>();
  const warnings: Issue[] = [];
  const errors: Issue[] = [];

  // Dates first: a refused column makes the rest of the work pointless.
  const dates = (field: CanonicalField, latest?: number): Int32Array | null => {
    const values = raw.columns[field];
    if (!values) return null;
    const result = normaliseDateColumn({
      file: raw.file,
      field,
      column: column(raw, field),
      values,
      sourceRows: raw.sourceRows,
      order,
      tolerance,
      referenceYear,
      latest,
    });
    qualityByField.set(field, result.quality);
    (result.failed ? errors : warnings).push(...result.issues);
    return result.values;
  };
  const dob = dates('dob', today) ?? new Int32Array(n);
  const events: Record<string, Int32Array> = {};
  for (const field of EVENT_FIELDS) {
    const values = dates(field);
    if (values) events[field] = values;
  }
  if (errors.length > 0) return { ok: false, issues: errors };

  const names = buildNameColumns(raw);
  for (const q of names.quality) qualityByField.set(q.field, q);

  const idColumn = raw.columns.id;
  const ids = idColumn ? idColumn.slice() : Array.from(raw.sourceRows, String);
  if (idColumn) {
    const q = newQuality('id');
    for (const id of idColumn) {
      if (id.trim() === '') q.missing++;
      else q.present++;
    }
    qualityByField.set('id', q);
  }

  const sex: (string | null)[] = new Array(n).fill(null);
  if (raw.columns.sex) {
    const q = newQuality('sex');
    raw.columns.sex.forEach((value, i) => {
      const code = value.trim().toUpperCase();
      const mapped = SEX_CODES[code];
      if (mapped) {
        sex[i] = mapped;
        q.present++;
      } else if (isMissingToken(code) || SEX_NOT_KNOWN.has(code)) q.missing++;
      else q.rejected++;
    });
    qualityByField.set('sex', q);
  }

  const postcode: (string | null)[] = new Array(n).fill(null);
  const postcodeSector: (string | null)[] = new Array(n).fill(null);
  const postcodeDistrict: (string | null)[] = new Array(n).fill(null);
  const postcodeArea: (string | null)[] = new Array(n).fill(null);
  if (raw.columns.postcode) {
    const q = newQuality('postcode');
    const cache = new Map<string, ParsedPostcode | null>();
    raw.columns.postcode.forEach((value, i) => {
      let parsed = cache.get(value);
      if (parsed === undefined) {
        parsed = parsePostcode(value);
        cache.set(value, parsed);
      }
      if (parsed) {
        postcode[i] = parsed.full;
        postcodeSector[i] = parsed.sector;
        postcodeDistrict[i] = parsed.district;
        postcodeArea[i] = parsed.area;
        q.present++;
      } else if (isMissingToken(value)) q.missing++;
      else q.rejected++; // no fixed abode, or an NHS pseudo-postcode
    });
    qualityByField.set('postcode', q);
  }

  const text = (field: 'address' | 'town'): (string | null)[] => {
    const values = raw.columns[field];
    if (!values) return new Array(n).fill(null);
    const q = newQuality(field);
    const out = values.map((value) => {
      if (isMissingToken(value)) {
        q.missing++;
        return null;
      }
      // "No fixed abode" written as an address is not an address (domain.md §4.5).
      if (isNoFixedAbode(value)) {
        q.rejected++;
        return null;
      }
      q.present++;
      return cleanText(value);
    });
    qualityByField.set(field, q);
    return out;
  };

  const identifier = (
    field: 'nhsNumber' | 'pnc' | 'cro' | 'prisonNumber' | 'otherId',
    normalise: (value: string) => string | null,
  ): (string | null)[] => {
    const values = raw.columns[field];
    if (!values) return new Array(n).fill(null);
    const q = newQuality(field);
    let listed = 0;
    const out = values.map((value, i) => {
      if (isMissingToken(value)) {
        q.missing++;
        return null;
      }
      const canonical = normalise(value);
      if (canonical !== null) {
        q.present++;
        return canonical;
      }
      q.rejected++;
      if (listed++ < MAX_LISTED_ISSUES) {
        warnings.push({
          code: 'invalid_identifier',
          severity: 'warning',
          file: raw.file,
          row: raw.sourceRows[i],
          column: column(raw, field),
          value,
        });
      }
      return null;
    });
    if (listed > MAX_LISTED_ISSUES) {
      warnings.push({
        code: 'more_issues',
        severity: 'warning',
        file: raw.file,
        column: column(raw, field),
        detail: String(listed - MAX_LISTED_ISSUES),
      });
    }
    qualityByField.set(field, q);
    return out;
  };

  const attributes: Record<string, (string | null)[]> = {};
  for (const field of ATTRIBUTE_FIELDS) {
    const values = raw.columns[field];
    if (!values) continue;
    const q = newQuality(field);
    attributes[field] = values.map((value) => {
      const t = value.trim();
      if (t === '') {
        q.missing++;
        return null;
      }
      q.present++;
      return t;
    });
    qualityByField.set(field, q);
  }

  const table: NormalisedTable = {
    file: raw.file,
    n,
    ids,
    sourceRows: raw.sourceRows,
    forename: names.forename,
    middleNames: names.middleNames,
    surname: names.surname,
    forenamesAll: names.forenamesAll,
    surnamesAll: names.surnamesAll,
    forenameKey: names.forenameKey,
    surnameKey: names.surnameKey,
    dob,
    sex,
    postcode,
    postcodeSector,
    postcodeDistrict,
    postcodeArea,
    address: text('address'),
    town: text('town'),
    nhsNumber: identifier('nhsNumber', normaliseNhsNumber),
    pnc: identifier('pnc', (value) => normalisePnc(value, referenceYear)),
    cro: identifier('cro', normaliseCro),
    prisonNumber: identifier('prisonNumber', normalisePrisonNumber),
    otherId: identifier('otherId', cleanOtherId),
    events,
    attributes,
    extras: { ...raw.extras },
    // In canonical field order, whatever order they were counted in.
    quality: CANONICAL_FIELDS.flatMap((field) => qualityByField.get(field) ?? []),
  };
  return { ok: true, value: table, warnings };
}
