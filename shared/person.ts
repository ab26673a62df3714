/**
 * The canonical person schema: the fields every import is mapped onto, whatever the source system
 * calls its columns. Engine and extension both speak these names.
 */

/** Identity fields: what linkage compares. */
export const IDENTITY_FIELDS = [
  'id', // the source system's own record id (required, unique within a file)
  'forenames', // first and middle names, space separated
  'surname',
  'fullName', // used when a system gives one name column ("SMITH, John" or "John Smith")
  'aliases', // other names, separated by ';' or '|'; each "Forenames Surname" or "SURNAME, Forenames"
  'dob',
  'sex',
  'postcode',
  'address', // free-text address lines; several source columns may be joined into it
  'town',
  'nhsNumber',
  'pnc',
  'cro',
  'prisonNumber',
  'otherId', // any other shared identifier (e.g. a national insurance or social security number)
] as const;

/** Dated events on a record: what continuity of care reads (see domain.md §3). */
export const EVENT_FIELDS = [
  'releaseDate',
  'referralDate',
  'triageDate',
  'assessmentDate',
  'treatmentStartDate',
  'dischargeDate',
  'deathDate',
] as const;

/** Other attributes a worker needs beside a record (establishment, area, flags). */
export const ATTRIBUTE_FIELDS = [
  'establishment',
  'releaseType',
  'localAuthority',
  'substanceNeed',
  'ostOnRelease',
  'noFixedAbode',
  'referralSource',
  'dischargeReason',
] as const;

export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export type EventField = (typeof EVENT_FIELDS)[number];
export type AttributeField = (typeof ATTRIBUTE_FIELDS)[number];
export type CanonicalField = IdentityField | EventField | AttributeField;

export const CANONICAL_FIELDS: readonly CanonicalField[] = [
  ...IDENTITY_FIELDS,
  ...EVENT_FIELDS,
  ...ATTRIBUTE_FIELDS,
];

/** Fields whose values are dates and are parsed and validated as such. */
export const DATE_FIELDS: readonly CanonicalField[] = ['dob', ...EVENT_FIELDS];

/** Fields that may take several source columns, joined with a space in source order. */
export const MULTI_COLUMN_FIELDS: readonly CanonicalField[] = ['address', 'aliases'];

export function isCanonicalField(name: string): name is CanonicalField {
  return (CANONICAL_FIELDS as readonly string[]).includes(name);
}
