import type { AuditEntry, ChainVerification } from './chain';
import { RUN_COUNTS } from './details';

/**
 * The trail for the IG lead: a CSV to read in a spreadsheet and a JSON document to keep or to
 * check again. Both carry the entries as stored, hashes included, so either can be re-verified.
 */

/**
 * Every field a detail can have, as its path in the entry's `details` with array positions left
 * out. The columns are the same whichever actions a trail holds, so exports line up with each
 * other. A value in an array (a run's inputs, viewed records) goes into one cell, one value per
 * line, in order.
 */
const DETAIL_PATHS = [
  'side',
  'input.datasetId',
  'input.fileName',
  'input.sha256',
  'input.rowCount',
  'replaced.fileName',
  'replaced.sha256',
  'replaced.rowCount',
  'dataset.datasetId',
  'dataset.fileName',
  'dataset.recordCount',
  'runId',
  'inputs.datasetId',
  'inputs.fileName',
  'inputs.sha256',
  'inputs.rowCount',
  'model.id',
  'model.version',
  'rule.id',
  'rule.version',
  'thresholds.lower',
  'thresholds.upper',
  ...RUN_COUNTS.map((name) => `counts.${name}`),
  'asOf',
  'left',
  'right',
  'decision',
  'previous',
  'recordKeys',
  'surface',
  'kind',
  'rowCount',
  'destination',
  'setting',
  'from',
  'to',
  'trigger',
  'datasets.datasetId',
  'datasets.recordCount',
  'datasetCount',
  'recordCount',
  'consecutiveFailures',
  'profileId',
  'count',
  'headHash',
] as const;

/**
 * A detail with no column of its own (only in a trail edited outside the tool, or after a new
 * field was added to a schema without a column here) goes to `details.other` as `path=value`
 * lines, so nothing in the trail is dropped from the export.
 */
export const AUDIT_CSV_HEADER = [
  'seq',
  'at',
  'actor.profileId',
  'actor.displayName',
  'actor.role',
  'action',
  ...DETAIL_PATHS.map((path) => `details.${path}`),
  'details.other',
  'prevHash',
  'hash',
] as const;

const KNOWN_PATHS = new Set<string>(DETAIL_PATHS);

function leaves(value: unknown, path: string, out: Map<string, string[]>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) leaves(item, path, out);
  } else if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) leaves(v, path ? `${path}.${key}` : key, out);
  } else {
    const list = out.get(path) ?? [];
    list.push(String(value));
    out.set(path, list);
  }
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula;
 * a leading apostrophe makes it text (OWASP, "CSV Injection").
 */
function defuse(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** A field as text; blank when absent, since an export must also show a damaged trail. */
const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

function row(cells: readonly string[]): string {
  return cells.map((cell) => quote(defuse(cell))).join(',');
}

/** One row per entry under AUDIT_CSV_HEADER; lines end in CRLF, as RFC 4180 has it. */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const lines = [row(AUDIT_CSV_HEADER)];
  for (const entry of entries) {
    const values = new Map<string, string[]>();
    leaves(entry.details, '', values);
    const other = [...values]
      .filter(([path]) => !KNOWN_PATHS.has(path))
      .flatMap(([path, list]) => list.map((v) => `${path}=${v}`));
    lines.push(
      row([
        text(entry.seq),
        text(entry.at),
        text(entry.actor?.profileId),
        text(entry.actor?.displayName),
        text(entry.actor?.role),
        text(entry.action),
        ...DETAIL_PATHS.map((path) => (values.get(path) ?? []).join('\n')),
        other.join('\n'),
        text(entry.prevHash),
        text(entry.hash),
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The trail as one JSON document with the result of verifying it. The entries are written as
 * stored, so `verifyChain(JSON.parse(text).entries)` gives the same answer on any machine.
 */
export function auditToJson(entries: readonly AuditEntry[], verification: ChainVerification): string {
  return `${JSON.stringify({ format: 'throughline-audit', version: 1, verification, count: entries.length, entries }, null, 2)}\n`;
}
