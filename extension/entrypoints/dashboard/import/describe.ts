/**
 * The import wizard's words: what each column assignment, problem and warning says. Pure
 * functions over the engine's values, so that they are tested without a page.
 */
import type { DateColumnEvidence, ImportInspection, ImportPreview } from '../../../../engine/api/engine-api';
import type { ColumnAssignment } from '../../../../engine/ingest';
import { type Issue, issueMessage } from '../../../../shared/issues';
import { type CanonicalField, DATE_FIELDS } from '../../../../shared/person';
import type { DateOrder } from '../../../../shared/workspace';
import { fieldLabel } from '../field-labels';

/** A fuzzy guess below this is pointed out to be checked. */
export const CHECK_BELOW = 0.8;

export const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/**
 * How a column is read and how sure that is: `Surname <- "Last Name" (92%, a close match of a
 * known header: check it)`. `remembered` says the mapping came from an earlier import.
 */
export function assignmentText(a: ColumnAssignment, remembered: boolean): string {
  const source = JSON.stringify(a.header || `Column ${a.index + 1}`);
  if (a.field === null)
    return a.method === 'mapping-file'
      ? `${source} is ignored (not imported)`
      : `${source} is not matched to a field; kept with the record`;
  const target = `${fieldLabel(a.field)} \u2190 ${source}`;
  switch (a.method) {
    case 'mapping-file':
      return `${target} (${remembered ? 'as you confirmed for this layout before' : 'your choice'})`;
    case 'synonym':
      return `${target} (100%, a known header name)`;
    default: {
      const check = a.confidence < CHECK_BELOW ? ': check it' : '';
      return `${target} (${percent(a.confidence)}, a close match of a known header${check})`;
    }
  }
}

/** The assignment of each column (the first, where a prison number also serves as the id). */
export function columnAssignments(assignments: readonly ColumnAssignment[]): ColumnAssignment[] {
  const byIndex = new Map<number, ColumnAssignment>();
  for (const a of assignments) if (!byIndex.has(a.index)) byIndex.set(a.index, a);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** The id column, when it is a prison number column serving as the id too. */
export function idServedBy(assignments: readonly ColumnAssignment[]): ColumnAssignment | null {
  const counted = new Set<number>();
  for (const a of assignments) {
    if (counted.has(a.index) && a.field === 'id') return a;
    counted.add(a.index);
  }
  return null;
}

/** What the wizard knows about the file besides the issue, to say where the problem is. */
export interface ProblemContext {
  format: 'csv' | 'xlsx';
  sheet: string | null;
}

/**
 * A problem in the dashboard's words. The catalogue's message is kept; where it speaks of the
 * command line, or where a workbook's sheet (not the file) is what is empty, the wizard says
 * what to do here instead.
 */
export function problemText(issue: Issue, context: ProblemContext): string {
  if (issue.code === 'missing_id_column')
    return 'No column could be identified as the record id. Choose "Record id" for the column that holds each record\u2019s own id.';
  if (issue.code === 'missing_name_columns')
    return `${issueMessage(issue)} Choose "Surname" and "Forenames", or "Full name", for the name columns.`;
  if (issue.code === 'empty_file' && context.format === 'xlsx' && context.sheet)
    return `The worksheet ${JSON.stringify(context.sheet)} is empty. Choose another worksheet.`;
  if (issue.code === 'no_data_rows' && context.format === 'xlsx' && context.sheet)
    return `The worksheet ${JSON.stringify(context.sheet)} has a header but no data rows. Choose another worksheet.`;
  if (issue.code === 'single_column')
    return `${issueMessage(issue)} Choose how the columns are separated above.`;
  if (issue.code === 'duplicate_mapping')
    return `${issueMessage(issue)} Choose a different field, or "Ignore", for one of them.`;
  return issueMessage(issue);
}

/** Where a problem is: the row (as a spreadsheet shows it) or "whole file". */
export const problemRow = (issue: Issue): string =>
  issue.row === undefined ? 'whole file' : String(issue.row);

/** The date columns the current mapping reads, with the evidence about their day-month order. */
export function mappedDateColumns(
  inspection: ImportInspection,
  assignments: readonly ColumnAssignment[],
): { field: CanonicalField; evidence: DateColumnEvidence }[] {
  const out: { field: CanonicalField; evidence: DateColumnEvidence }[] = [];
  for (const a of columnAssignments(assignments)) {
    if (a.field === null || !DATE_FIELDS.includes(a.field)) continue;
    const evidence = inspection.dates.find((d) => d.header === a.header);
    if (evidence) out.push({ field: a.field, evidence });
  }
  return out;
}

export interface DateAdvice {
  /** Whether the day-month order is in doubt, so the choice should be shown. */
  inDoubt: boolean;
  /** Columns with values only one order can read and values only the other can. */
  mixed: { field: CanonicalField; evidence: DateColumnEvidence; misfits: number }[];
  notes: string[];
}

const ORDER_NAMES: Record<Exclude<DateOrder, 'auto'>, string> = { dmy: 'day first', mdy: 'month first' };

/**
 * What to say about the date columns: which are ambiguous (every numeric date reads both ways),
 * which settle the order themselves, and which mix the two orders (some dates can then not be
 * read whichever order is chosen).
 */
export function dateAdvice(
  columns: readonly { field: CanonicalField; evidence: DateColumnEvidence }[],
  dateOrder: DateOrder,
): DateAdvice {
  const notes: string[] = [];
  const mixed: DateAdvice['mixed'] = [];
  let inDoubt = false;
  for (const { field, evidence } of columns) {
    const name = `${fieldLabel(field)} (column ${JSON.stringify(evidence.header)})`;
    const example = (kind: string) => {
      const e = evidence.examples.find((x) => x.kind === kind);
      return e ? `row ${e.row}: ${e.value}` : '';
    };
    if (evidence.dayFirst > 0 && evidence.monthFirst > 0) {
      inDoubt = true;
      const order = dateOrder === 'mdy' ? 'mdy' : 'dmy';
      const misfits = order === 'dmy' ? evidence.monthFirst : evidence.dayFirst;
      mixed.push({ field, evidence, misfits });
      notes.push(
        `${name} mixes date formats: ${evidence.dayFirst} can only be day first (${example('dayFirst')}) and ` +
          `${evidence.monthFirst} only month first (${example('monthFirst')}). Read ${ORDER_NAMES[order]}, ` +
          `${misfits} cannot be read. Correct the file, or import anyway with those dates left empty.`,
      );
    } else if (evidence.ambiguous > 0 && evidence.dayFirst === 0 && evidence.monthFirst === 0) {
      inDoubt = true;
      const order = dateOrder === 'mdy' ? 'month first' : 'day first';
      notes.push(
        `${name}: ${evidence.ambiguous} dates read either way (${example('ambiguous')}) and none settles ` +
          `the order, so they are read ${order}. Choose the order if that is wrong.`,
      );
    } else if (evidence.monthFirst > 0 && dateOrder !== 'dmy') {
      notes.push(`${name} is read month first: ${example('monthFirst')} cannot be day first.`);
    }
  }
  return { inDoubt: inDoubt || dateOrder !== 'auto', mixed, notes };
}

/** Quality counts as warnings: values present but not usable (rejected) are treated as missing. */
export function qualityWarnings(quality: ImportPreview['quality'], rowCount: number): string[] {
  const out: string[] = [];
  for (const q of quality) {
    if (q.rejected > 0)
      out.push(
        `${fieldLabel(q.field)}: ${q.rejected.toLocaleString('en-GB')} of ${rowCount.toLocaleString('en-GB')} ` +
          'values are placeholders or not valid (a failed check digit, an unreadable date) and will be treated as missing.',
      );
  }
  for (const q of quality) {
    if (q.field === 'id' || q.rejected > 0) continue;
    if (rowCount > 0 && q.missing / rowCount >= 0.5)
      out.push(`${fieldLabel(q.field)}: empty in ${percent(q.missing / rowCount)} of rows.`);
  }
  return out;
}

/**
 * The mapping to remember from what was imported: every column read as a field, and every
 * column the user chose to ignore. Columns left unmatched are left out, so they are guessed
 * again (and kept with the record) next time. A prison number that also served as the id
 * appears twice in the assignments; only its own field is kept (the id follows from it again).
 */
export function confirmedMapping(
  assignments: readonly ColumnAssignment[],
): Record<string, CanonicalField | null> {
  const mapping: Record<string, CanonicalField | null> = {};
  const seen = new Set<number>();
  for (const a of assignments) {
    if (seen.has(a.index)) continue;
    seen.add(a.index);
    if (a.field !== null || a.method === 'mapping-file') mapping[a.header] = a.field;
  }
  return mapping;
}
