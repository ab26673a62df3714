import { ATTRIBUTE_FIELDS, type CanonicalField, EVENT_FIELDS, IDENTITY_FIELDS } from '../../../shared/person';

/** The canonical fields in the words a data officer uses (shared/person.ts has the names). */
export const FIELD_LABELS: Record<CanonicalField, string> = {
  id: 'Record id',
  forenames: 'Forenames',
  surname: 'Surname',
  fullName: 'Full name',
  aliases: 'Aliases',
  dob: 'Date of birth',
  sex: 'Sex',
  postcode: 'Postcode',
  address: 'Address',
  town: 'Town',
  nhsNumber: 'NHS number',
  pnc: 'PNC number',
  cro: 'CRO number',
  prisonNumber: 'Prison number',
  otherId: 'Other identifier',
  releaseDate: 'Release date',
  referralDate: 'Referral date',
  triageDate: 'Triage date',
  assessmentDate: 'Assessment date',
  treatmentStartDate: 'Treatment start date',
  dischargeDate: 'Discharge date',
  deathDate: 'Date of death',
  establishment: 'Establishment',
  releaseType: 'Release type',
  localAuthority: 'Local authority',
  substanceNeed: 'Substance misuse need',
  ostOnRelease: 'OST on release',
  noFixedAbode: 'No fixed abode',
  referralSource: 'Referral source',
  dischargeReason: 'Discharge reason',
};

/** The fields in groups, for a select's optgroups and the review screen's order. */
export const FIELD_GROUPS: { label: string; fields: readonly CanonicalField[] }[] = [
  { label: 'Identity', fields: IDENTITY_FIELDS },
  { label: 'Dates of events', fields: EVENT_FIELDS },
  { label: 'Other details', fields: ATTRIBUTE_FIELDS },
];

export const fieldLabel = (field: string): string => FIELD_LABELS[field as CanonicalField] ?? field;
