import { readTable } from '../ingest';
import { normaliseTable } from '../normalise';
import type { NormalisedTable } from '../normalise/types';

/**
 * A CSV text read and normalised as an import would, for tests of the later stages on synthetic
 * data (`toCsv(synthesise(...))`). Throws, naming the file, when it does not read or normalise.
 */
export async function csvTable(name: string, csv: string): Promise<NormalisedTable> {
  const raw = await readTable({ name, bytes: new TextEncoder().encode(csv) });
  if (!raw.ok) throw new Error(`${name} did not read`);
  const table = normaliseTable(raw.value);
  if (!table.ok) throw new Error(`${name} did not normalise`);
  return table.value;
}
