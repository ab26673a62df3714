/**
 * The overlay's badges: what a caseworker reads beside a client row on a case system's page,
 * computed from the engine's answer for that row. Pure and deterministic: the offscreen document
 * computes badges here and sends only these labels to the content script, so the page never sees
 * a record field, a probability table or a linked record beyond the id a label names.
 *
 * The words follow the continuity-of-care rule (domain.md §1.2): day 0 is the release day, the
 * window length comes from the rule (StatusView.windowDays), engagement is the first counting
 * treatment event on or after release.
 */
import type { LinkView, LookupQuery, LookupResult, StatusView } from './workspace';

/** What a badge is about; the side panel and the tests key on it, never on the words. */
export type BadgeKind =
  | 'awaiting'
  | 'not_engaged'
  | 'engaged'
  | 'engaged_late'
  | 'missed_handover'
  | 'needs_review'
  | 'link'
  | 'duplicate';

/**
 * How much attention a badge asks for. Each tone has its own icon shape as well as its colour,
 * so no meaning rests on colour alone (see extension/entrypoints/overlay.content/style.ts).
 */
export type BadgeTone = 'urgent' | 'warning' | 'positive' | 'neutral' | 'review';

export interface Badge {
  kind: BadgeKind;
  /** The full sentence shown, and the button's accessible name. */
  label: string;
  tone: BadgeTone;
  /**
   * The record the badge is about (a RecordKey), for the side panel to bring forward. Kept in the
   * content script's memory only, never written into the page.
   */
  detailToken?: string;
}

/** One row a content script asks about: its own handle for the row, and what the row shows. */
export interface BadgeRequestRow {
  /** The content script's handle for the row; means nothing outside that page's script. */
  ref: string;
  query: LookupQuery;
  /** Asked when `query` finds nothing: the row's identifying values after its id was unknown. */
  fallback?: LookupQuery;
}

/** The badges for one row, by the content script's handle. */
export interface RowBadges {
  ref: string;
  badges: Badge[];
  /**
   * No record in the workspace has the row's id (and no fallback was given): the content script
   * may ask again with the values the row shows. Lets the first ask carry ids only.
   */
  unknown?: true;
}

/** What a badge click asks the background to show in the side panel. */
export interface DetailsRequest {
  query: LookupQuery;
  fallback?: LookupQuery;
  /** The record the clicked badge is about (its detailToken), brought forward in the panel. */
  focus?: string;
}

/** The review thresholds of the rule the results were computed with (RunInfo.thresholds). */
export interface BadgeThresholds {
  /** Links at or above this probability (or decided "same") are accepted. */
  upper: number;
}

/** At most this many link badges and duplicate badges on one row. */
const MAX_LINK_BADGES = 2;
const MAX_DUPLICATE_BADGES = 2;

const days = (n: number): string => (n === 1 ? '1 day' : `${n} days`);

/** "released 9 days ago", "released today". */
function releasedAgo(n: number): string {
  return n === 0 ? 'released today' : `released ${days(n)} ago`;
}

/**
 * A probability as shown: two decimals, never rounded up to a certainty it is not (0.996 shows
 * as 0.99; only 1 shows as 1.00).
 */
export function formatProbability(p: number): string {
  if (p >= 1) return '1.00';
  return (Math.floor(Math.max(0, p) * 100) / 100).toFixed(2);
}

/** The badge for one release's continuity status, or null when there is nothing to say. */
export function statusBadge(status: StatusView): Badge | null {
  const w = status.windowDays;
  const token = status.releaseKey;
  switch (status.status) {
    case 'awaiting': {
      const d = status.daysSinceRelease ?? 0;
      return {
        kind: 'awaiting',
        label: `${releasedAgo(d)}, not yet engaged (day ${d} of ${w})`,
        tone: 'warning',
        detailToken: token,
      };
    }
    case 'not_engaged': {
      const d = status.daysSinceRelease;
      const since = d === null ? '' : ` (${releasedAgo(d)})`;
      return {
        kind: 'not_engaged',
        label: `not engaged within ${days(w)}${since}`,
        tone: 'urgent',
        detailToken: token,
      };
    }
    case 'engaged_in_window':
      return {
        kind: 'engaged',
        label: `engaged day ${status.daysToEngagement ?? 0}`,
        tone: 'positive',
        detailToken: token,
      };
    case 'engaged_late':
      return {
        kind: 'engaged_late',
        label: `engaged day ${status.daysToEngagement ?? 0}, after the ${w}-day window`,
        tone: 'neutral',
        detailToken: token,
      };
    case 'not_in_cohort':
      return null;
  }
}

/**
 * Missed handover: the person has been released and has not engaged, and no referral to
 * community treatment was found, neither in the weeks before release (the prison handover) nor
 * after it. A referral made after release is a late pick-up, not a missed handover.
 */
export function missedHandover(status: StatusView): boolean {
  return (
    (status.status === 'awaiting' || status.status === 'not_engaged') &&
    status.daysSinceRelease !== null &&
    status.handover === 'no_referral_found'
  );
}

export const isAccepted = (link: LinkView, thresholds: BadgeThresholds): boolean =>
  link.decision === 'same' || (link.decision !== 'unsure' && link.probability >= thresholds.upper);

function linkBadge(link: LinkView): Badge {
  const label =
    link.decision === 'same'
      ? `same person as ${link.recordId} (confirmed by review)`
      : `likely same person as ${link.recordId} (p = ${formatProbability(link.probability)})`;
  return { kind: 'link', label, tone: 'neutral', detailToken: link.key };
}

function reviewBadge(link: LinkView): Badge {
  return {
    kind: 'needs_review',
    label: `needs review: may be the same person as ${link.recordId} (p = ${formatProbability(link.probability)})`,
    tone: 'review',
    detailToken: link.key,
  };
}

function duplicateBadge(duplicate: LinkView): Badge {
  return {
    kind: 'duplicate',
    label: `likely same person as ${duplicate.recordId} (duplicate record)`,
    tone: 'neutral',
    detailToken: duplicate.key,
  };
}

/** The status a row shows: the latest release among those given (a recall makes two). */
function latestStatus(statuses: readonly StatusView[]): StatusView | null {
  let best: StatusView | null = null;
  for (const s of statuses) {
    if (s.status === 'not_in_cohort') continue;
    if (best === null || (s.releaseDate ?? '') > (best.releaseDate ?? '')) best = s;
  }
  return best;
}

/**
 * The badges of one row, most urgent first: the continuity status, a missed handover, an
 * uncertain link awaiting review, the accepted links, then possible duplicates.
 *
 * - A release row shows its own status. A treatment row shows the status of the latest release
 *   it is an accepted link of; a release it is only uncertainly linked to says nothing about
 *   this client until a reviewer decides, so it gives a "needs review" badge instead.
 * - A link counts as accepted when decided "same" or at or above the upper threshold, as the
 *   continuity rule counts it.
 */
export function badgesFor(result: LookupResult, thresholds: BadgeThresholds): Badge[] {
  if (!result.match) return [];
  const accepted = result.links.filter((l) => isAccepted(l, thresholds));
  const uncertain = result.links.filter((l) => !isAccepted(l, thresholds));
  const onReleaseSide = result.match.side === 'releases';
  const statuses = onReleaseSide
    ? result.statuses
    : result.statuses.filter((s) => accepted.some((l) => l.key === s.releaseKey));
  const status = latestStatus(statuses);

  const badges: Badge[] = [];
  const shown = status ? statusBadge(status) : null;
  if (shown) badges.push(shown);
  if (status && missedHandover(status))
    badges.push({
      kind: 'missed_handover',
      label: 'missed handover: no referral found',
      tone: 'urgent',
      detailToken: status.releaseKey,
    });
  const review = onReleaseSide
    ? (status?.needsReview ?? result.statuses.some((s) => s.needsReview)) || accepted.length === 0
    : accepted.length === 0;
  if (review && uncertain.length > 0) badges.push(reviewBadge(uncertain[0]));
  for (const link of accepted.slice(0, MAX_LINK_BADGES)) badges.push(linkBadge(link));
  for (const duplicate of result.duplicates.slice(0, MAX_DUPLICATE_BADGES))
    badges.push(duplicateBadge(duplicate));
  return badges;
}
