import type { NormalisedTable } from '../normalise';
import type { Decision } from '../review';
import { ageOn, daysBetween, weekdayOf, weekStarting } from './calendar';
import type { ContinuityRule } from './rule';
import type { Handover, ReleaseOutcome } from './types';

export type { Decision };

/** A scored link from a release (row of the release table) to a treatment record (row). */
export interface Link {
  release: number;
  treatment: number;
  probability: number;
  /** A clerical decision on this pair, which overrides the model. */
  decision?: Decision;
}

export interface ContinuityInput {
  releases: NormalisedTable;
  treatment: NormalisedTable;
  links: readonly Link[];
  rule: ContinuityRule;
  /** yyyymmdd: the date the report is as of. Events after it are ignored. */
  asOf: number;
}

const YES = new Set(['Y', 'YES', 'TRUE', '1', 'T']);
const NO = new Set(['N', 'NO', 'FALSE', '0', 'F']);
const flag = (v: string | null | undefined) => (v ? YES.has(v.trim().toUpperCase()) : false);

const matchesAny = (value: string | null | undefined, needles: readonly string[]) =>
  !!value && needles.some((n) => value.toLowerCase().includes(n.toLowerCase()));

/**
 * A one-argument function remembered per argument. The same few establishments, release types,
 * weeks and flags recur across 100,000 releases; working each out once keeps a full
 * recomputation (on every change) cheap.
 */
function remembered<A, R>(f: (a: A) => R): (a: A) => R {
  const seen = new Map<A, { r: R }>();
  return (a) => {
    let known = seen.get(a);
    if (known === undefined) {
      known = { r: f(a) };
      seen.set(a, known);
    }
    return known.r;
  };
}

/** Outcome of every release under the rule, as of a date. Nothing is dropped: every release gets a status. */
export function computeOutcomes(input: ContinuityInput): ReleaseOutcome[] {
  return computeOutcomesWithLinks(input).outcomes;
}

/**
 * The outcomes, and per release the index in `input.links` of the link its outcome shows (the
 * one that engaged, else the best accepted one), or -1: the evidence a caseworker is shown.
 */
export function computeOutcomesWithLinks(input: ContinuityInput): {
  outcomes: ReleaseOutcome[];
  shownLink: Int32Array;
} {
  const outcomes = new Array<ReleaseOutcome>(input.releases.n);
  const shownLink = visitOutcomes(input, (i, outcome) => {
    outcomes[i] = outcome;
  });
  return { outcomes, shownLink };
}

/**
 * Works out every release's outcome in release order and hands each to `visit` with the link it
 * shows, without keeping them: the engine writes them straight into stored columns, so 100,000
 * outcome objects are never held at once. Returns what `computeOutcomesWithLinks` calls shownLink.
 */
export function visitOutcomes(
  input: ContinuityInput,
  visit: (i: number, outcome: ReleaseOutcome, shown: Link | undefined) => void,
): Int32Array {
  const { releases, treatment, rule, asOf } = input;
  const shownLink = new Int32Array(releases.n).fill(-1);
  const linkIndex = new Map<Link, number>();
  const byRelease: (Link[] | undefined)[] = new Array(releases.n);
  input.links.forEach((link, index) => {
    if (link.decision === 'not_same') return;
    linkIndex.set(link, index);
    const list = byRelease[link.release];
    if (list) list.push(link);
    else byRelease[link.release] = [link];
  });
  const releaseDate = releases.events.releaseDate ?? new Int32Array(releases.n);
  const recalled = rule.exclusions.recalledWithinWindow
    ? releasedAgainWithin(releases, releaseDate, rule.windowDays)
    : null;
  // Columns are looked up once, not by name for every release.
  const column = (name: string) => releases.attributes[name];
  const [establishment, localAuthority, releaseType, ostOnRelease, noFixedAbode, substanceNeed] = [
    'establishment',
    'localAuthority',
    'releaseType',
    'ostOnRelease',
    'noFixedAbode',
    'substanceNeed',
  ].map(column);
  const at = (values: readonly (string | null)[] | undefined, i: number) => values?.[i] ?? null;
  const engagementEvents = rule.engagementEvents.map((name) => treatment.events[name]);
  const referrals = treatment.events.referralDate;
  const deaths = treatment.events.deathDate;
  const discharges = treatment.events.dischargeDate;
  const dischargeReasons = treatment.attributes.dischargeReason;
  const isFlagged = remembered(flag);
  const saysNo = remembered((v: string) => NO.has(v.trim().toUpperCase()));
  const isTransfer = remembered((t: string | null) => matchesAny(t, rule.cohort.transferReleaseTypes));
  const isDeportation = remembered((t: string | null) => matchesAny(t, rule.cohort.deportationReleaseTypes));
  const weekOf = remembered(weekStarting);
  const dayOf = remembered(weekdayOf);
  const byProbability = (a: Link, b: Link) => b.probability - a.probability;

  for (let i = 0; i < releases.n; i++) {
    const released = releaseDate[i];
    const links = byRelease[i] ?? [];
    if (links.length > 1) links.sort(byProbability);
    const accepted = links.filter(
      (l) =>
        l.decision === 'same' || (l.decision === undefined && l.probability >= rule.reviewThresholds.upper),
    );
    const best = links[0];
    const needsReview =
      best !== undefined && !accepted.includes(best) && best.probability >= rule.reviewThresholds.lower;

    // Engagement: the earliest counting event on or after release, up to the as-of date.
    let engagedOn = 0;
    let engagedVia: Link | undefined;
    if (released > 0)
      for (const l of accepted)
        for (const events of engagementEvents) {
          const d = events?.[l.treatment] ?? 0;
          if (d >= released && d <= asOf && (engagedOn === 0 || d < engagedOn)) {
            engagedOn = d;
            engagedVia = l;
          }
        }
    const shown = engagedVia ?? accepted[0];
    if (shown) shownLink[i] = linkIndex.get(shown) ?? -1;
    const daysSince = released > 0 ? daysBetween(released, asOf) : null;
    const type = at(releaseType, i);
    const outcome: ReleaseOutcome = {
      releaseId: releases.ids[i],
      releaseDate: released,
      status: 'not_in_cohort',
      reason: null,
      daysSinceRelease: daysSince,
      daysToEngagement: engagedOn > 0 ? daysBetween(released, engagedOn) : null,
      treatmentId: shown ? treatment.ids[shown.treatment] : null,
      matchProbability: shown ? shown.probability : null,
      handover:
        released > 0
          ? handover(accepted, released, asOf, rule, (j) => referrals?.[j] ?? 0)
          : 'no_referral_found',
      needsReview,
      establishment: at(establishment, i),
      area: at(localAuthority, i) ?? releases.postcodeDistrict[i],
      releaseType: type,
      ostOnRelease: isFlagged(at(ostOnRelease, i)),
      noFixedAbode: isFlagged(at(noFixedAbode, i)),
      weekday: released > 0 ? dayOf(released) : null,
      releaseWeek: released > 0 ? weekOf(released) : null,
    };

    const reason = exclusion(i, released, type, accepted);
    if (reason !== null) outcome.reason = reason;
    else if (outcome.daysToEngagement !== null)
      outcome.status = outcome.daysToEngagement <= rule.windowDays ? 'engaged_in_window' : 'engaged_late';
    else outcome.status = (daysSince ?? 0) <= rule.windowDays ? 'awaiting' : 'not_engaged';
    visit(i, outcome, shown);
  }
  return shownLink;

  /** Why a release is outside the cohort, in the order a reader would check, or null. */
  function exclusion(i: number, released: number, type: string | null, accepted: Link[]): string | null {
    if (released === 0) return 'no_release_date';
    if (released > asOf) return 'not_yet_released';
    if (rule.cohort.requireSubstanceNeed && saysNo(at(substanceNeed, i) ?? '')) return 'no_substance_need';
    const dob = releases.dob[i];
    if (dob > 0 && ageOn(dob, released) < rule.cohort.minimumAge) return 'under_minimum_age';
    if (isTransfer(type)) return 'transferred';
    if (rule.exclusions.deported && isDeportation(type)) return 'deported';
    if (rule.exclusions.died && diedWithinWindow(i, released, accepted)) return 'died';
    if (recalled?.[i]) return 'recalled_within_window';
    return null;
  }

  function diedWithinWindow(i: number, released: number, accepted: Link[]): boolean {
    const within = (d: number) => d >= released && d <= asOf && daysBetween(released, d) <= rule.windowDays;
    if (within(releases.events.deathDate?.[i] ?? 0)) return true;
    return accepted.some(
      (l) =>
        within(deaths?.[l.treatment] ?? 0) ||
        (within(discharges?.[l.treatment] ?? 0) &&
          /died|deceased|death/i.test(dischargeReasons?.[l.treatment] ?? '')),
    );
  }
}

/**
 * Handover: a referral in the weeks before release (the handover worked), else one after release
 * (picked up late), else none found.
 */
function handover(
  accepted: Link[],
  released: number,
  asOf: number,
  rule: ContinuityRule,
  referral: (j: number) => number,
): Handover {
  let after = false;
  for (const l of accepted) {
    const r = referral(l.treatment);
    if (r === 0 || r > asOf) continue;
    const days = daysBetween(r, released);
    if (days >= 0 && days <= rule.handoverLookbackDays) return 'referral_before_release';
    if (days < 0) after = true;
  }
  return after ? 'referral_after_release' : 'no_referral_found';
}

/** Releases whose prison number is released again within the window: recalled to custody inside it. */
function releasedAgainWithin(
  releases: NormalisedTable,
  releaseDate: Int32Array,
  windowDays: number,
): boolean[] {
  const byPerson = new Map<string, number[]>();
  releases.prisonNumber.forEach((p, i) => {
    if (!p || releaseDate[i] <= 0) return;
    const rows = byPerson.get(p);
    if (rows) rows.push(i);
    else byPerson.set(p, [i]);
  });
  const out = new Array<boolean>(releases.n).fill(false);
  for (const rows of byPerson.values()) {
    if (rows.length < 2) continue;
    for (const i of rows)
      out[i] = rows.some((j) => {
        const gap = daysBetween(releaseDate[i], releaseDate[j]);
        return gap > 0 && gap <= windowDays;
      });
  }
  return out;
}
