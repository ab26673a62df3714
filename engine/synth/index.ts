/**
 * Seeded synthetic data for throughline: a prison release list and a community treatment extract
 * of made-up people, with the ground truth of who is who. Same options, byte-identical output.
 */
import Papa from 'papaparse';
import { generate, type SynthOptions, type SynthOutput, type SynthTable } from './generate';

export type { SynthOptions, SynthOutput, SynthTable } from './generate';
export { DEFAULT_AS_OF } from './generate';
export { DEFAULT_RATES, type SynthRates } from './rates';
export { RELEASE_HEADER } from './releases';
export { TREATMENT_HEADER } from './treatment';

/** A release list, a treatment extract and the truth, from `options` (see SynthOptions). */
export function synthesise(options: SynthOptions): SynthOutput {
  return generate(options).output;
}

/** The table as CSV text, header first (LF line endings; fields quoted only when needed). */
export function toCsv(table: SynthTable): string {
  return Papa.unparse({ fields: table.header, data: table.rows }, { newline: '\n' });
}
