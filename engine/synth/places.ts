/**
 * Places for synthetic addresses: real postcode outward codes (districts) of a few areas the
 * releasing prisons serve, with made-up inward codes, and the prisons themselves. The postcodes are
 * format-valid but are not claimed to be delivery points.
 */

export interface Area {
  /** Local authority a release to this area is attributed to. */
  localAuthority: string;
  town: string;
  /** Real outward codes of the area. */
  districts: readonly string[];
  /** Relative share of people living in the area. */
  weight: number;
}

const range = (prefix: string, from: number, to: number, skip: readonly number[] = []): string[] => {
  const out: string[] = [];
  for (let i = from; i <= to; i++) if (!skip.includes(i)) out.push(`${prefix}${i}`);
  return out;
};

export const AREAS: readonly Area[] = [
  { localAuthority: 'Leeds', town: 'Leeds', districts: range('LS', 1, 29), weight: 30 },
  { localAuthority: 'Bradford', town: 'Bradford', districts: range('BD', 1, 22), weight: 20 },
  { localAuthority: 'Wakefield', town: 'Wakefield', districts: range('WF', 1, 17), weight: 12 },
  // M36, M37 and M39 were never used.
  {
    localAuthority: 'Manchester',
    town: 'Manchester',
    districts: range('M', 1, 40, [36, 37, 39]),
    weight: 25,
  },
  { localAuthority: 'Kingston upon Hull', town: 'Hull', districts: range('HU', 1, 17), weight: 8 },
  { localAuthority: 'Doncaster', town: 'Doncaster', districts: range('DN', 1, 12), weight: 5 },
];

/** Letters allowed in the last two places of a UK postcode's inward code. */
export const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** The placeholder postcode used for "no fixed abode". */
export const NFA_POSTCODE = 'NF1 1NF';

export interface Establishment {
  name: string;
  female: boolean;
  /** Index into AREAS of the area it mostly releases to. */
  area: number;
}

export const ESTABLISHMENTS: readonly Establishment[] = [
  { name: 'HMP Leeds', female: false, area: 0 },
  { name: 'HMP Wakefield', female: false, area: 2 },
  { name: 'HMP Hull', female: false, area: 4 },
  { name: 'HMP Doncaster', female: false, area: 5 },
  { name: 'HMP Manchester', female: false, area: 3 },
  { name: 'HMP Forest Bank', female: false, area: 3 },
  { name: 'HMP Risley', female: false, area: 3 },
  { name: 'HMP Lindholme', female: false, area: 5 },
  { name: 'HMP Moorland', female: false, area: 5 },
  { name: 'HMP Humber', female: false, area: 4 },
  { name: 'HMP New Hall', female: true, area: 2 },
  { name: 'HMP Askham Grange', female: true, area: 0 },
  { name: 'HMP Styal', female: true, area: 3 },
];

/** Names for approved premises and hostels (release addresses shared by many people). */
export const HOSTEL_NAMES: readonly string[] = [
  'Cardigan House',
  'St Johns Approved Premises',
  'Holbeck House',
  'Ashley House',
  'Elm Bank Hostel',
  'The Foyer',
  'Westgate Approved Premises',
  'Bridge House',
  'Northfield Hostel',
  'Carr Lodge',
  'Victoria House',
  'Albion Street Hostel',
];
