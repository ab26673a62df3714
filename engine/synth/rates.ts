/**
 * Every rate the synthetic generator uses, in one place. All are probabilities in [0, 1]. "Of
 * eligible" means the rate applies only where the variation is possible (a nickname needs a name
 * with a nickname form, a day/month swap needs a day <= 12 that differs from the month, ...).
 * Treatment-side variations are drawn independently per treatment row, relative to the person's
 * true identity, so several can hit one row.
 */
export interface SynthRates {
  // ---- population ----
  /** Released people who are male (the rest go to women's prisons). */
  releasedMale: number;
  /** Background treatment clients who are male. */
  backgroundMale: number;
  /** People with a middle name. */
  middleName: number;
  /** People known by another surname (previous/married/alias), used for aliases and changes. */
  otherSurname: number;

  // ---- release list ----
  /** Released people re-released after recall within the window (a second booking, same Prison No). */
  recall: number;
  /** Release rows carrying an NHS number. */
  releaseNhs: number;
  /** Release rows carrying a PNC ID. */
  releasePnc: number;
  /** PNC IDs written in short form (YY/NNNNNNC, serial unpadded) instead of YYYY/NNNNNNNC. */
  pncShortForm: number;
  /** Release rows carrying a CRO number. */
  releaseCro: number;
  /** Released people with at least one alias; each further alias (up to 3) has rate aliasMore. */
  alias: number;
  aliasMore: number;
  /** Share of releases on a Friday and on a Thursday (the rest spread over Mon-Wed, rarely weekends). */
  releaseFriday: number;
  releaseThursday: number;
  /** Release rows with no fixed abode (NFA = Y, postcode blank or NF1 1NF). */
  nfa: number;
  /** Release rows going to an approved premises / hostel (postcode shared by many rows). */
  hostel: number;
  /** Released people with a substance misuse need, and of those, with OST on release. */
  substanceNeed: number;
  ostOnRelease: number;
  /** Mc/Mac surnames written with a space on the release list ("MC DONALD"). */
  releaseMcSpace: number;

  // ---- treatment extract: composition ----
  /** Released people who have a treatment record. */
  treatmentRecord: number;
  /** Of released people with a record: modality start within 21 days of release (day 0..21). */
  startWithin21: number;
  /** ... modality start later than 21 days (long tail). */
  startLater: number;
  /** ... referred (maybe triaged) but no modality start. The rest have only an old episode before custody. */
  referredOnly: number;
  /** Post-release episodes whose referral was made before release (prison handover). */
  handoverReferral: number;
  /** Treatment clients registered twice (a second record of the same person). */
  duplicate: number;
  /** Released people who have a lookalike (a different person) in the treatment extract. */
  lookalike: number;
  /** Background clients with a prison number of their own (been in prison, not on this list). */
  backgroundPrisonNumber: number;
  /** Treatment rows of released people carrying their prison number. */
  treatmentPrisonNumber: number;
  /** Treatment rows carrying an NHS number. */
  treatmentNhs: number;
  /** Treatment rows of people released NFA/to a hostel that record that address (else home). */
  treatmentReleaseAddress: number;

  // ---- treatment extract: variation from the true identity ----
  /** Nickname as first name (of eligible: forename has a nickname form in NICKNAME_GROUPS). */
  nickname: number;
  /** One character substituted, deleted or transposed in the first name. */
  forenameTypo: number;
  /** One character substituted, deleted or transposed in the last name. */
  surnameTypo: number;
  /** Surname changed (marriage/alias; the person's other surname when known). */
  surnameChange: number;
  /** First and last names swapped. */
  nameSwap: number;
  /** Middle name used as first name (of eligible: has a middle name). */
  middleAsFirst: number;
  /** Day and month swapped (of eligible: day <= 12 and day != month). */
  dobSwap: number;
  /** One digit of the date of birth wrong (still a valid date). */
  dobDigit: number;
  /** Placeholder date of birth (1900-01-01 or 1970-01-01). */
  dobPlaceholder: number;
  /** Date of birth missing. */
  dobMissing: number;
  /** Moved: a different postcode (often in the same district) and address. */
  moved: number;
  /** NHS number with a one-digit typo or transposition that fails the check digit (of present). */
  nhsTypo: number;
  /** Names in wrong case: all lower ("mcdonald"), all upper, or lost inner capitals ("O'brien"). */
  nameCase: number;
}

export const DEFAULT_RATES: Readonly<SynthRates> = Object.freeze({
  releasedMale: 0.9,
  backgroundMale: 0.7,
  middleName: 0.4,
  otherSurname: 0.15,

  recall: 0.03,
  releaseNhs: 0.2,
  releasePnc: 0.95,
  pncShortForm: 0.05,
  releaseCro: 0.8,
  alias: 0.45,
  aliasMore: 0.4,
  releaseFriday: 0.34,
  releaseThursday: 0.22,
  nfa: 0.12,
  hostel: 0.1,
  substanceNeed: 0.9,
  ostOnRelease: 0.35,
  releaseMcSpace: 0.15,

  treatmentRecord: 0.7,
  startWithin21: 0.5,
  startLater: 0.17,
  referredOnly: 0.18,
  handoverReferral: 0.45,
  duplicate: 0.05,
  lookalike: 0.03,
  backgroundPrisonNumber: 0.03,
  treatmentPrisonNumber: 0.15,
  treatmentNhs: 0.75,
  treatmentReleaseAddress: 0.7,

  nickname: 0.1,
  forenameTypo: 0.04,
  surnameTypo: 0.04,
  surnameChange: 0.02,
  nameSwap: 0.02,
  middleAsFirst: 0.03,
  dobSwap: 0.02,
  dobDigit: 0.03,
  dobPlaceholder: 0.01,
  dobMissing: 0.01,
  moved: 0.15,
  nhsTypo: 0.03,
  nameCase: 0.05,
});

export function resolveRates(overrides: Partial<SynthRates> = {}): SynthRates {
  const rates: SynthRates = { ...DEFAULT_RATES };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_RATES)) throw new Error(`synth: unknown rate "${key}"`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new Error(`synth: rate "${key}" must be a number in [0, 1], got ${String(value)}`);
    }
    rates[key as keyof SynthRates] = value;
  }
  if (rates.startWithin21 + rates.startLater + rates.referredOnly > 1) {
    throw new Error('synth: startWithin21 + startLater + referredOnly must not exceed 1');
  }
  if (rates.releaseFriday + rates.releaseThursday > 1) {
    throw new Error('synth: releaseFriday + releaseThursday must not exceed 1');
  }
  if (rates.nfa + rates.hostel > 1) throw new Error('synth: nfa + hostel must not exceed 1');
  return rates;
}
