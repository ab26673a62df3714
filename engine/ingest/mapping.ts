import { z } from 'zod';
import type { Issue, Result } from '../../shared/issues';
import { type CanonicalField, isCanonicalField } from '../../shared/person';

/**
 * A user's mapping file: which column feeds which canonical field (null drops the column), and
 * how to read the file. Entries override any guess from the header names.
 *
 * { "columns": { "Client Ref": "id", "Forename(s)": "forenames", "Notes": null },
 *   "dateOrder": "dmy", "sheet": "Releases", "delimiter": ";" }
 */
export interface MappingFile {
  /** The mapping file's own name, used in messages about it. */
  fileName: string;
  columns: Record<string, CanonicalField | null>;
  /** How to read ambiguous dates such as 03/04/1980; used by normalise. */
  dateOrder?: 'dmy' | 'mdy' | 'ymd';
  /** Worksheet by name or 1-based number. */
  sheet?: string | number;
  /** One character; "tab" is accepted for a tab. */
  delimiter?: string;
}

const DELIMITER_NAMES: Record<string, string> = { tab: '\t', comma: ',', semicolon: ';', pipe: '|' };

const mappingSchema = z.strictObject({
  columns: z.record(z.string(), z.string().nullable()),
  dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
  sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
  delimiter: z
    .string()
    .refine((d) => d.length === 1 || Object.hasOwn(DELIMITER_NAMES, d.toLowerCase()), {
      message: 'must be one character, or "tab"',
    })
    .optional(),
});

/** Reads a mapping file's JSON text. Every problem is reported, each naming the mapping file. */
export function parseMappingFile(text: string, fileName: string): Result<MappingFile> {
  const fail = (detail: string): Issue => ({
    code: 'invalid_mapping_file',
    severity: 'error',
    file: fileName,
    detail,
  });
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, issues: [fail(`it is not valid JSON (${(error as Error).message})`)] };
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) =>
        fail(i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message),
      ),
    };
  }
  const issues: Issue[] = [];
  const columns: Record<string, CanonicalField | null> = {};
  for (const [column, field] of Object.entries(parsed.data.columns)) {
    if (field === null || isCanonicalField(field)) columns[column] = field;
    else {
      issues.push({
        code: 'unknown_field',
        severity: 'error',
        file: fileName,
        column,
        detail: JSON.stringify(field),
      });
    }
  }
  if (issues.length) return { ok: false, issues };
  const { dateOrder, sheet, delimiter } = parsed.data;
  const value: MappingFile = { fileName, columns };
  if (dateOrder !== undefined) value.dateOrder = dateOrder;
  if (sheet !== undefined) value.sheet = sheet;
  if (delimiter !== undefined)
    value.delimiter = Object.hasOwn(DELIMITER_NAMES, delimiter.toLowerCase())
      ? DELIMITER_NAMES[delimiter.toLowerCase()]
      : delimiter;
  return { ok: true, value, warnings: [] };
}
