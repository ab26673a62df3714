/**
 * Problems a user can cause (a bad file, a wrong column, an impossible date) are values, not
 * exceptions. Each issue has a code, a place (file, row, column) and a message rendered from the
 * code by one catalogue, so the CLI and the dashboard use the same words.
 *
 * Rows are 1-based line numbers as a spreadsheet shows them (the header is row 1). Values are only
 * carried where it is safe to show them back to the person who supplied the file; they are never
 * logged.
 */

export const ISSUE_MESSAGES = {
  empty_file: 'The file is empty.',
  no_header: 'The file has no header row.',
  no_data_rows: 'The file has a header but no data rows.',
  single_column:
    'Only one column was found. The file may use a delimiter other than the one detected ({detail}).',
  ragged_row: 'This row has {detail} cells, but the header has a different number of columns.',
  unreadable_file: 'The file could not be read: {detail}.',
  sheet_not_found: 'The workbook has no sheet {detail}.',
  missing_id_column: 'No column could be identified as the record id. Name it in a mapping file (--map).',
  missing_name_columns: 'No name column could be identified (forenames/surname or full name).',
  duplicate_id: 'The id {value} appears more than once (first seen on row {detail}).',
  empty_id: 'The record id is empty.',
  duplicate_mapping: 'Two columns were mapped to the same field {detail}.',
  unknown_field: 'The mapping file names a field that does not exist: {detail}.',
  unknown_column: 'The mapping file names a column that is not in the file: {detail}.',
  invalid_mapping_file: 'The mapping file is not valid: {detail}.',
  unparseable_date: 'The date {value} could not be read.',
  too_many_bad_dates:
    '{detail} of the dates in this column could not be read, more than the tolerance allows.',
  future_date: 'The date {value} is in the future.',
  invalid_identifier: 'The identifier {value} fails its format or check digit and is treated as missing.',
  more_issues: '{detail} more problems of the same kind as the one above were found and are not listed.',
} as const;

export type IssueCode = keyof typeof ISSUE_MESSAGES;
export type Severity = 'error' | 'warning';

export interface Issue {
  code: IssueCode;
  severity: Severity;
  file: string;
  /** 1-based row as a spreadsheet shows it (header = 1); absent for whole-file issues. */
  row?: number;
  /** The column's header as it appears in the file. */
  column?: string;
  /** The offending value, only where it is safe to show it back to the user. */
  value?: string;
  /** Extra detail substituted into the message. */
  detail?: string;
}

export type Result<T> = { ok: true; value: T; warnings: Issue[] } | { ok: false; issues: Issue[] };

export function issueMessage(issue: Issue): string {
  return ISSUE_MESSAGES[issue.code]
    .replace('{value}', issue.value !== undefined ? JSON.stringify(issue.value) : 'value')
    .replace('{detail}', issue.detail ?? '');
}

/** "releases.csv, row 14, column "DOB": The date "31/02/1980" could not be read." */
export function formatIssue(issue: Issue): string {
  const where = [issue.file];
  if (issue.row !== undefined) where.push(`row ${issue.row}`);
  if (issue.column !== undefined) where.push(`column "${issue.column}"`);
  return `${where.join(', ')}: ${issueMessage(issue)}`;
}
