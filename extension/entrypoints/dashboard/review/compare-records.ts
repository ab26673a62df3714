/**
 * Two records side by side, field by field: whether each field agrees, and where two values that
 * differ part company (so the difference can be marked in the text, not only by colour).
 */
import { parseDate } from '../../../../engine/normalise';
import { CANONICAL_FIELDS, type CanonicalField, DATE_FIELDS } from '../../../../shared/person';
import type { DateOrder, StoredRecord } from '../../../../shared/workspace';

export type Agreement = 'same' | 'different' | 'left-only' | 'right-only';

/** A value split into the part it shares with the other value and the part that differs. */
export interface Part {
  text: string;
  differs: boolean;
}

export interface FieldComparison {
  field: CanonicalField;
  agreement: Agreement;
  left: Part[];
  right: Part[];
}

const COMPACT_FIELDS: readonly CanonicalField[] = [
  'postcode',
  'nhsNumber',
  'pnc',
  'cro',
  'prisonNumber',
  'otherId',
  'id',
];

/** The value as compared: dates as yyyymmdd, sex by its first letter, text without case or punctuation. */
function comparable(field: CanonicalField, value: string, dateOrder: DateOrder): string {
  if (DATE_FIELDS.includes(field)) {
    const parsed = parseDate(value, dateOrder === 'mdy' ? 'mdy' : 'dmy');
    if (parsed.kind === 'date') return String(parsed.value);
  }
  const upper = value.toUpperCase().normalize('NFKD');
  if (field === 'sex') return upper.trim().slice(0, 1);
  if (COMPACT_FIELDS.includes(field)) return upper.replace(/[^A-Z0-9]/g, '');
  return upper
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The two values split where they differ: the common start and end (ignoring case) are shared,
 * the middle of each differs. Dates, whose formats may differ, are marked whole.
 */
export function splitDifference(left: string, right: string, whole = false): { left: Part[]; right: Part[] } {
  if (whole) return { left: [{ text: left, differs: true }], right: [{ text: right, differs: true }] };
  const a = left.toUpperCase();
  const b = right.toUpperCase();
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end])
    end++;
  const parts = (text: string): Part[] =>
    [
      { text: text.slice(0, start), differs: false },
      { text: text.slice(start, text.length - end), differs: true },
      { text: text.slice(text.length - end), differs: false },
    ].filter((p) => p.text !== '');
  return { left: parts(left), right: parts(right) };
}

/**
 * Every canonical field that either record has (in the schema's order: identity, then dates of
 * events, then other details), with whether the two agree. The record id is left out: two
 * systems' ids are never expected to agree.
 */
export function compareRecords(
  left: StoredRecord | null,
  right: StoredRecord | null,
  dateOrders: { left: DateOrder; right: DateOrder } = { left: 'auto', right: 'auto' },
): FieldComparison[] {
  const out: FieldComparison[] = [];
  for (const field of CANONICAL_FIELDS) {
    if (field === 'id') continue;
    const l = left?.fields[field]?.trim() ?? '';
    const r = right?.fields[field]?.trim() ?? '';
    if (l === '' && r === '') continue;
    if (l === '' || r === '') {
      out.push({
        field,
        agreement: l === '' ? 'right-only' : 'left-only',
        left: l ? [{ text: l, differs: false }] : [],
        right: r ? [{ text: r, differs: false }] : [],
      });
      continue;
    }
    if (comparable(field, l, dateOrders.left) === comparable(field, r, dateOrders.right)) {
      out.push({
        field,
        agreement: 'same',
        left: [{ text: l, differs: false }],
        right: [{ text: r, differs: false }],
      });
      continue;
    }
    out.push({ field, agreement: 'different', ...splitDifference(l, r, DATE_FIELDS.includes(field)) });
  }
  return out;
}
