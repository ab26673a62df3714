import Papa from 'papaparse';

/** CSV text with a header row; fields are quoted only where they need it. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  return `${Papa.unparse({ fields: header, data: rows }, { newline: '\n' })}\n`;
}

/** Parses a small CSV with a header into objects, for the files this CLI reads back (truth, pairs). */
export function parseCsvObjects(text: string): { rows: Record<string, string>[]; fields: string[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim(),
    transform: (v) => v.trim(),
  });
  return { rows: parsed.data, fields: parsed.meta.fields ?? [] };
}
