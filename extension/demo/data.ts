/**
 * The demo case systems' people: one seeded synthetic release list and treatment extract
 * (engine/synth, NHS numbers only from the never-issued 999 range), dated so that releases fall
 * in the weeks before `asOf` (today by default). The demo sites show these rows and the dashboard
 * imports the same rows as CSV, so the badges on the sites are about the people the workspace holds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SynthOutput, synthesise, toCsv } from '../../engine/synth';

export interface DemoDataOptions {
  /** Default 7. */
  seed?: number;
  /** yyyy-mm-dd; today (UTC, as the engine counts days) by default. */
  asOf?: string;
  /**
   * Rows on the release list; default 300. Much smaller lists give unsupervised training few
   * pairs to learn from (160 releases once linked nothing at all), so the demo stays above that.
   */
  people?: number;
  /** Rows in the treatment extract; default twice the release rows. */
  treatment?: number;
}

/** Today as the engine's continuity clock reads it (UTC). */
export const todayIso = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

export interface DemoData extends SynthOutput {
  seed: number;
  asOf: string;
}

const cache = new Map<string, DemoData>();

/** The demo's synthetic data; the same options give the same rows. */
export function demoData(options: DemoDataOptions = {}): DemoData {
  const people = options.people ?? 300;
  const resolved = {
    seed: options.seed ?? 7,
    asOf: options.asOf ?? todayIso(),
    people,
    treatment: options.treatment ?? 2 * people,
  };
  const key = JSON.stringify(resolved);
  let data = cache.get(key);
  if (!data) {
    data = { ...synthesise(resolved), seed: resolved.seed, asOf: resolved.asOf };
    cache.set(key, data);
  }
  return data;
}

/** Writes the two CSVs the dashboard imports (releases.csv, treatment.csv) into `dir`. */
export function writeDemoCsvs(
  dir: string,
  options: DemoDataOptions = {},
): { releases: string; treatment: string } {
  const data = demoData(options);
  mkdirSync(dir, { recursive: true });
  const releases = join(dir, 'releases.csv');
  const treatment = join(dir, 'treatment.csv');
  writeFileSync(releases, toCsv(data.releases));
  writeFileSync(treatment, toCsv(data.treatment));
  return { releases, treatment };
}

/** A synthetic table's rows as objects keyed by header. */
export function rowsOf(table: SynthOutput['releases']): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.header.map((h, i) => [h, row[i] ?? ''])));
}
