import Papa from 'papaparse';
import type { GridBuilder } from './grid';

/** The delimiters a header line is examined for, in order of preference on a tie. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/** How often each candidate delimiter occurs in the text's first line, outside double quotes. */
export function countDelimiters(line: string): Map<string, number> {
  const counts = new Map<string, number>(DELIMITER_CANDIDATES.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return counts;
}

/** The header line: the first non-blank line, up to the first line break outside quotes. */
export function headerLine(text: string): string {
  let start = 0;
  while (start < text.length && /\s/.test(text[start])) start++;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) return text.slice(start, i);
  }
  return text.slice(start);
}

/** The candidate that occurs most often in the header line outside quotes; ',' when none does. */
export function detectDelimiter(text: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const [d, count] of countDelimiters(headerLine(text))) {
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

export interface CsvProblem {
  /** The record number (header = 1) at which the problem was found. */
  row: number;
  detail: string;
}

/**
 * Streams delimited text into a grid builder, one record at a time (papaparse `step`), so that no
 * array of rows is built. Quoted fields may hold delimiters, line breaks and doubled quotes; CRLF,
 * LF and CR line ends are all read.
 */
export function parseDelimited(text: string, delimiter: string, grid: GridBuilder): CsvProblem[] {
  const problems: CsvProblem[] = [];
  Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    skipEmptyLines: false,
    quoteChar: '"',
    step(result) {
      grid.add(result.data);
      for (const error of result.errors) {
        if (error.code === 'MissingQuotes') {
          problems.push({
            row: grid.rowCount + 1,
            detail: 'a quoted field is opened but never closed, so the rest of the file runs into it',
          });
        }
      }
    },
  });
  return problems;
}
