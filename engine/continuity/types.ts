/**
 * The continuity-of-care vocabulary. These strings are an exact contract: other tools read them
 * from continuity.csv.
 */
export const STATUSES = [
  'engaged_in_window',
  'engaged_late',
  'awaiting',
  'not_engaged',
  'not_in_cohort',
] as const;
export type ContinuityStatus = (typeof STATUSES)[number];

export const HANDOVERS = ['referral_before_release', 'referral_after_release', 'no_referral_found'] as const;
export type Handover = (typeof HANDOVERS)[number];

/** One release's outcome under a rule, as of a date. Dates are yyyymmdd integers, 0 when missing. */
export interface ReleaseOutcome {
  releaseId: string;
  releaseDate: number;
  status: ContinuityStatus;
  /** Why a release is not in the cohort (no_substance_need, under_18, died, ...); null otherwise. */
  reason: string | null;
  /** Days since release as of the as-of date (day 0 = release day); null without a release date. */
  daysSinceRelease: number | null;
  /** Days from release to the first engagement event on or after release; null when none. */
  daysToEngagement: number | null;
  /** The linked treatment record that engaged (or the best accepted link when none engaged). */
  treatmentId: string | null;
  matchProbability: number | null;
  handover: Handover;
  /** The best link is uncertain (between the review thresholds) and awaits a clerical decision. */
  needsReview: boolean;
  establishment: string | null;
  /** Receiving area: the local authority where given, else the postcode district. */
  area: string | null;
  releaseType: string | null;
  ostOnRelease: boolean;
  noFixedAbode: boolean;
  /** Monday, Tuesday, ... of the release date; null without one. */
  weekday: string | null;
  /** The Monday of the release week as yyyy-mm-dd; null without a release date. */
  releaseWeek: string | null;
}

/** A continuity rate for one group: numerator over denominator with a 95% Wilson interval. */
export interface Kpi {
  /** overall | establishment | area | release_week | weekday | release_type */
  dimension: string;
  group: string;
  /** Released people in the cohort whose whole window had closed by the as-of date. */
  denominator: number;
  /** Of those, engaged within the window. */
  numerator: number;
  rate: number;
  lower: number;
  upper: number;
}
