import { basename } from 'node:path';
import { formatIssue } from '../../shared/issues';
import { describeAssignments, type MappingFile, parseMappingFile, readTable } from '../ingest';
import { type NormalisedTable, normaliseTable } from '../normalise';
import { type CliIo, readInput, readText, UserError } from './io';

const MAX_PRINTED_ISSUES = 10;

export async function loadMapping(path: string | undefined): Promise<MappingFile | undefined> {
  if (path === undefined) return undefined;
  const text = await readText(path, 'Mapping file');
  const parsed = parseMappingFile(text, basename(path));
  if (!parsed.ok) throw new UserError(parsed.issues.map(formatIssue).join('\n'));
  return parsed.value;
}

/**
 * Reads, maps, validates and normalises one input file. Every problem in the file is listed
 * (file, row, column) before giving up; nothing is written when any is an error.
 */
export async function loadTable(
  path: string,
  io: CliIo,
  options: { mapping?: MappingFile; sheet?: string } = {},
): Promise<NormalisedTable> {
  const name = basename(path);
  const bytes = await readInput(path, 'Input file');
  const raw = await readTable({ name, bytes }, { mapping: options.mapping, sheet: options.sheet });
  if (!raw.ok) throw new UserError(listIssues(raw.issues));
  io.err(`${name}: ${raw.value.rowCount.toLocaleString('en-GB')} rows; columns:`);
  for (const line of describeAssignments(raw.value)) io.err(line);
  for (const w of raw.warnings.slice(0, MAX_PRINTED_ISSUES)) io.err(`warning: ${formatIssue(w)}`);
  const order = options.mapping?.dateOrder;
  const table = normaliseTable(raw.value, order === 'dmy' || order === 'mdy' ? { dateOrder: order } : {});
  if (!table.ok) throw new UserError(listIssues(table.issues));
  for (const w of table.warnings.slice(0, MAX_PRINTED_ISSUES)) io.err(`warning: ${formatIssue(w)}`);
  const rejected = table.value.quality.filter((q) => q.rejected > 0);
  for (const q of rejected)
    io.err(
      `note: ${name}: ${q.rejected.toLocaleString('en-GB')} ${q.field} values were invalid or placeholders and count as missing`,
    );
  return table.value;
}

function listIssues(issues: readonly Parameters<typeof formatIssue>[0][]): string {
  const shown = issues.slice(0, MAX_PRINTED_ISSUES).map(formatIssue);
  if (issues.length > shown.length) shown.push(`... and ${issues.length - shown.length} more problems`);
  return `Nothing was written. The input has problems:\n${shown.join('\n')}`;
}
