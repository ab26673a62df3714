/**
 * One synthetic run: a population, its release list and a treatment extract, with ground truth.
 * `generate` also returns the people and bookkeeping behind every row, for tests and benchmarks;
 * `synthesise` in index.ts returns only the tables and truth.
 */

import { createRng } from '../random';
import { parseIso } from './dates';
import { Population } from './people';
import { resolveRates, type SynthRates } from './rates';
import { type Booking, makeReleases, RELEASE_HEADER } from './releases';
import { makeTreatment, TREATMENT_HEADER, type TreatmentRow } from './treatment';

export interface SynthOptions {
  /** Rows on the release list. */
  people: number;
  /** Rows in the treatment extract; default 5 x people. */
  treatment?: number;
  /** Default 1. */
  seed?: number;
  /** Extract date yyyy-mm-dd, default '2026-11-01'; release dates fall in the 26 weeks before it. */
  asOf?: string;
  rates?: Partial<SynthRates>;
}

export interface SynthTable {
  header: string[];
  rows: string[][];
}

export interface SynthOutput {
  releases: SynthTable;
  treatment: SynthTable;
  /** Every release row (by Booking Ref) and treatment row (by Client ID) with its person's id. */
  truth: { id: string; entity: string }[];
}

export interface SynthDetail {
  output: SynthOutput;
  rates: SynthRates;
  /** Extract date, days since 1970-01-01. */
  asOf: number;
  /** Release bookings, aligned with output.releases.rows. */
  bookings: Booking[];
  /** Treatment rows with their records and variation bit masks, aligned with output.treatment.rows. */
  treatment: TreatmentRow[];
}

export const DEFAULT_AS_OF = '2026-11-01';

function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`synth: ${name} must be a whole number >= 0`);
  return value;
}

export function generate(options: SynthOptions): SynthDetail {
  const people = count('people', options.people);
  const treatmentRows = count('treatment', options.treatment ?? 5 * people);
  const rates = resolveRates(options.rates);
  const asOf = parseIso(options.asOf ?? DEFAULT_AS_OF);
  const rng = createRng(options.seed ?? 1);
  const pop = new Population(rng, rates, asOf);

  const releases = makeReleases(rng, rates, pop, people, asOf);
  const treatment = makeTreatment(rng, rates, pop, releases, treatmentRows, asOf);

  const truth: SynthOutput['truth'] = [];
  for (const b of releases.bookings) truth.push({ id: b.ref, entity: b.person.id });
  for (const t of treatment) truth.push({ id: t.id, entity: t.record.person.id });

  return {
    output: {
      releases: { header: [...RELEASE_HEADER], rows: releases.bookings.map((b) => b.row) },
      treatment: { header: [...TREATMENT_HEADER], rows: treatment.map((t) => t.row) },
      truth,
    },
    rates,
    asOf,
    bookings: releases.bookings,
    treatment,
  };
}
