import type { NormalisedTable } from '../normalise/types';

/** One already-normalised record for tests: only the fields a test cares about. */
export interface TestRecord {
  id: string;
  forename?: string;
  middleNames?: string;
  surname?: string;
  dob?: number;
  sex?: string;
  postcode?: string;
  address?: string;
  town?: string;
  nhsNumber?: string;
  pnc?: string;
  cro?: string;
  prisonNumber?: string;
  otherId?: string;
  aliasForenames?: string[];
  aliasSurnames?: string[];
}

/**
 * Builds a NormalisedTable from plain records, as the normalise stage would have produced it
 * (postcode parts split on the space, phonetic keys as the first three letters). For unit tests
 * of the later stages, which take normalised tables as their input.
 */
export function normalisedTable(file: string, records: TestRecord[]): NormalisedTable {
  const col = <K extends keyof TestRecord>(k: K) => records.map((r) => (r[k] as string | undefined) ?? null);
  const postcode = col('postcode');
  return {
    file,
    n: records.length,
    ids: records.map((r) => r.id),
    sourceRows: Int32Array.from(records, (_, i) => i + 2),
    forename: col('forename'),
    middleNames: col('middleNames'),
    surname: col('surname'),
    forenamesAll: records.map((r) =>
      [r.forename, ...(r.middleNames?.split(' ') ?? []), ...(r.aliasForenames ?? [])].filter(
        (x): x is string => !!x,
      ),
    ),
    surnamesAll: records.map((r) =>
      [
        r.surname,
        ...(r.surname?.includes(' ') ? r.surname.split(' ') : []),
        ...(r.aliasSurnames ?? []),
      ].filter((x): x is string => !!x),
    ),
    forenameKey: records.map((r) => r.forename?.slice(0, 3) ?? null),
    surnameKey: records.map((r) => r.surname?.slice(0, 3) ?? null),
    dob: Int32Array.from(records, (r) => r.dob ?? 0),
    sex: col('sex'),
    postcode,
    postcodeSector: postcode.map((p) => (p?.includes(' ') ? p.slice(0, p.indexOf(' ') + 2) : null)),
    postcodeDistrict: postcode.map((p) => (p?.includes(' ') ? p.slice(0, p.indexOf(' ')) : null)),
    postcodeArea: postcode.map((p) => p?.match(/^[A-Z]+/)?.[0] ?? null),
    address: col('address'),
    town: col('town'),
    nhsNumber: col('nhsNumber'),
    pnc: col('pnc'),
    cro: col('cro'),
    prisonNumber: col('prisonNumber'),
    otherId: col('otherId'),
    events: {},
    attributes: {},
    extras: {},
    quality: [],
  };
}
