import type { Issue } from '../../shared/issues';
import { type DateOrder, inferDateOrder, parseDate } from './dates';
import { MAX_LISTED_ISSUES, newQuality } from './quality';
import type { FieldQuality } from './types';

export interface DateColumnInput {
  file: string;
  field: string;
  /** The header the column came from, for messages. */
  column: string;
  values: readonly string[];
  sourceRows: Int32Array;
  order: DateOrder | 'auto';
  /** Largest share of non-empty values that may be unreadable before the column is refused. */
  tolerance: number;
  referenceYear: number;
  /** yyyymmdd; later dates are rejected as impossible (dates of birth). */
  latest?: number;
}

export interface DateColumnResult {
  values: Int32Array;
  quality: FieldQuality;
  /** True when more than the tolerance were unreadable: `issues` are then errors. */
  failed: boolean;
  issues: Issue[];
}

// Cache codes for a distinct raw value: > 0 a date, else one of these.
const MISSING = 0;
const PLACEHOLDER = -1;
const INVALID = -2;
const FUTURE = -3;

/**
 * One date column to yyyymmdd (0 when missing). Placeholders (1900-01-01, 1970-01-01, ...) are
 * missing but counted as rejected. Unreadable and future values are rejected and counted against
 * the tolerance; the first few are listed with their rows, the rest counted in one `more_issues`.
 */
export function normaliseDateColumn(input: DateColumnInput): DateColumnResult {
  const { values, latest } = input;
  const n = values.length;
  const order = input.order === 'auto' ? inferDateOrder(values) : input.order;
  const out = new Int32Array(n);
  const quality = newQuality(input.field);
  // Dates repeat (release days, common birthdays), so each distinct text is parsed once.
  const cache = new Map<string, number>();
  const badRows: number[] = [];
  let bad = 0;

  for (let i = 0; i < n; i++) {
    const raw = values[i];
    let code = cache.get(raw);
    if (code === undefined) {
      const parsed = parseDate(raw, order, input.referenceYear);
      if (parsed.kind === 'date')
        code = latest !== undefined && parsed.value > latest ? FUTURE : parsed.value;
      else if (parsed.kind === 'placeholder') code = PLACEHOLDER;
      else if (parsed.kind === 'missing') code = MISSING;
      else code = INVALID;
      cache.set(raw, code);
    }
    if (code > 0) {
      out[i] = code;
      quality.present++;
    } else if (code === MISSING) {
      quality.missing++;
    } else {
      quality.rejected++;
      if (code !== PLACEHOLDER) {
        bad++;
        if (badRows.length < MAX_LISTED_ISSUES) badRows.push(i);
      }
    }
  }

  const nonEmpty = n - quality.missing;
  const failed = nonEmpty > 0 && bad / nonEmpty > input.tolerance;
  const severity = failed ? 'error' : 'warning';
  const issues: Issue[] = [];
  if (failed) {
    const percent = ((bad / nonEmpty) * 100).toFixed(1);
    issues.push({
      code: 'too_many_bad_dates',
      severity,
      file: input.file,
      column: input.column,
      detail: `${bad} of ${nonEmpty} (${percent}%)`,
    });
  }
  for (const i of badRows) {
    issues.push({
      code: cache.get(values[i]) === FUTURE ? 'future_date' : 'unparseable_date',
      severity,
      file: input.file,
      row: input.sourceRows[i],
      column: input.column,
      value: values[i],
    });
  }
  if (bad > badRows.length) {
    issues.push({
      code: 'more_issues',
      severity,
      file: input.file,
      column: input.column,
      detail: String(bad - badRows.length),
    });
  }
  return { values: out, quality, failed, issues };
}
