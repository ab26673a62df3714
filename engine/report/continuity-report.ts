import { NOT_RECORDED, wilsonInterval } from '../continuity/kpis';
import type { ContinuityStatus, Kpi, ReleaseOutcome } from '../continuity/types';
import { type BarRow, escapeHtml, fmtInt, hBarChartSvg, page, table } from './html';

/** The national continuity-of-care target (PHOF C20): 75% engaged within the window. */
export const CONTINUITY_TARGET = 0.75;

export interface ContinuityReportContext {
  ruleName: string;
  ruleVersion: number;
  windowDays: number;
  /** The date outcomes were computed as of (windows still open on it are "awaiting"). */
  asOf: string;
  generatedAt: string;
  engineVersion: string;
  inputs: { file: string; rows: number }[];
}

const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;
const TARGET_TEXT = `${Math.round(CONTINUITY_TARGET * 100)}%`;
const TARGET_LABEL = `target ${TARGET_TEXT}`;

/** "72.0%", or a dash when nothing is known (no closed windows). */
const rateText = (k: { denominator: number; rate: number }): string =>
  k.denominator > 0 ? pct(k.rate) : '-';
const intervalText = (k: { denominator: number; lower: number; upper: number }): string =>
  k.denominator > 0 ? `${pct(k.lower)} to ${pct(k.upper)}` : '-';

/**
 * The continuity-of-care report: one self-contained HTML page (inline CSS and SVG, no scripts, a
 * CSP that forbids every fetch) for a commissioner. It shows counts and rates only: no ids, names
 * or other personal values. Every group name (establishment, area, ...) is escaped.
 */
export function continuityReport(
  outcomes: readonly ReleaseOutcome[],
  kpis: readonly Kpi[],
  context: ContinuityReportContext,
): string {
  const window = context.windowDays;
  const byDimension = (d: string) => kpis.filter((k) => k.dimension === d);
  const overall = kpis.find((k) => k.dimension === 'overall') ?? {
    dimension: 'overall',
    group: 'all',
    numerator: 0,
    denominator: 0,
    rate: 0,
    lower: 0,
    upper: 1,
  };
  const count = (s: ContinuityStatus) => outcomes.filter((o) => o.status === s).length;
  const counts = {
    released: outcomes.length,
    notInCohort: count('not_in_cohort'),
    inWindow: count('engaged_in_window'),
    late: count('engaged_late'),
    awaiting: count('awaiting'),
    notEngaged: count('not_engaged'),
    review: outcomes.filter((o) => o.needsReview).length,
  };
  const inCohort = counts.released - counts.notInCohort;
  const inputs = context.inputs.map((i) => `${escapeHtml(i.file)} (${fmtInt(i.rows)} records)`).join(' and ');

  const sections = [
    `<h1>Continuity of care: prison release to community treatment</h1>`,
    `<p>PHOF indicator C20: the share of adults released from prison with a substance-misuse treatment need who start community treatment within ${fmtInt(window)} days of release. National target ${TARGET_TEXT}.</p>`,
    `<p><strong>Rule ${escapeHtml(context.ruleName)}, version ${fmtInt(context.ruleVersion)}; outcomes as of ${escapeHtml(context.asOf)}.</strong> Engagement counts when it falls within ${fmtInt(window)} days of release (day 0 is the release day). Releases whose window was still open on ${escapeHtml(context.asOf)} are shown as awaiting and are not in the rate yet.</p>`,
    `<p class="note">Generated ${escapeHtml(context.generatedAt)} by throughline ${escapeHtml(context.engineVersion)}${inputs ? ` from ${inputs}` : ''}. Everything was computed on this device. This report shows counts and rates only: no names, identifiers or other personal details.</p>`,
    `<h2>Headline</h2>`,
    headline(overall, window),
    table(
      ['Releases', 'Count'],
      [
        ['Released (all rows in the release list)', fmtInt(counts.released)],
        ['Not in the cohort (no treatment need, under 18, ...)', fmtInt(counts.notInCohort)],
        ['In the cohort', fmtInt(inCohort)],
        [`Engaged within ${window} days`, fmtInt(counts.inWindow)],
        [`Engaged later than ${window} days`, fmtInt(counts.late)],
        ['Not engaged (window closed)', fmtInt(counts.notEngaged)],
        ['Awaiting (window still open)', fmtInt(counts.awaiting)],
        ['Links needing clerical review', fmtInt(counts.review)],
      ],
    ),
    reasonsTable(outcomes),
    `<h2>Rate over time</h2>`,
    `<p class="note">Rate by week of release (weeks start on Monday), with 95% intervals. Grey bars are weeks with releases still awaiting: people who engaged early already count and the rest do not yet, so these rates may fall as their windows close. Weeks whose windows are all still open have no bar. Small weeks have wide intervals: read the trend, not single weeks.</p>`,
    weeklyChartSvg(
      byDimension('release_week').filter((k) => k.group !== NOT_RECORDED),
      awaitingByWeek(outcomes),
    ),
    `<h2>By establishment</h2>`,
    ...groupSection(byDimension('establishment'), 'Releasing establishment', 'establishment'),
    `<h2>By receiving area</h2>`,
    ...groupSection(byDimension('area'), 'Receiving area', 'area'),
    `<h2>Friday releases</h2>`,
    fridaySection(byDimension('weekday'), outcomes),
    `<h2>By release type</h2>`,
    groupTable(byDimension('release_type'), 'Release type'),
    `<h2>Days from release to engagement</h2>`,
    `<p class="note">Releases in the cohort that engaged, by days from release to the first engagement (day 0 is the release day; 60 or more in the last bar). Bars right of the line engaged after the ${window}-day window.</p>`,
    daysHistogramSvg(outcomes, window),
    `<h2>Worklist summary</h2>`,
    worklist(outcomes, window),
  ];
  return page('throughline continuity of care report', sections.join('\n'));
}

function headline(overall: Kpi, window: number): string {
  if (overall.denominator === 0) {
    return `<p class="headline">No rate yet</p><p>No release in the cohort has a closed ${window}-day window, so there is no continuity rate to compare with the ${TARGET_TEXT} target.</p>`;
  }
  const verdict =
    overall.upper < CONTINUITY_TARGET
      ? `Below the ${TARGET_TEXT} target: the whole 95% interval is under it.`
      : overall.lower >= CONTINUITY_TARGET
        ? `At or above the ${TARGET_TEXT} target: the whole 95% interval is at or over it.`
        : `The 95% interval includes the ${TARGET_TEXT} target: the difference from target may be chance.`;
  return `<p class="headline">${pct(overall.rate)} engaged within ${window} days</p><p>${fmtInt(overall.numerator)} of ${fmtInt(overall.denominator)} released people in the cohort whose window has closed started community treatment within ${window} days (95% interval ${intervalText(overall)}). ${verdict}</p>`;
}

function reasonsTable(outcomes: readonly ReleaseOutcome[]): string {
  const reasons = new Map<string, number>();
  for (const o of outcomes) {
    if (o.status !== 'not_in_cohort') continue;
    const r = o.reason?.trim() || NOT_RECORDED;
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  if (reasons.size === 0) return '';
  const rows = [...reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return `<h3>Why releases are not in the cohort</h3>${table(
    ['Reason', 'Releases'],
    rows.map(([r, n]) => [r, fmtInt(n)]),
  )}`;
}

const MAX_CHART_ROWS = 25;

function barRows(kpis: readonly Kpi[]): BarRow[] {
  return kpis.map((k) =>
    k.denominator > 0
      ? {
          label: k.group,
          value: k.rate,
          lower: k.lower,
          upper: k.upper,
          note: `${pct(k.rate)} (${fmtInt(k.numerator)} of ${fmtInt(k.denominator)})`,
        }
      : { label: k.group, value: null, note: 'no closed windows yet' },
  );
}

function groupTable(kpis: readonly Kpi[], label: string): string {
  if (kpis.length === 0) return `<p class="note">No releases in the cohort.</p>`;
  return table(
    [label, `Engaged within window`, 'Closed windows', 'Rate', '95% interval'],
    kpis.map((k) => [k.group, fmtInt(k.numerator), fmtInt(k.denominator), rateText(k), intervalText(k)]),
  );
}

function groupSection(kpis: readonly Kpi[], label: string, noun: string): string[] {
  if (kpis.length === 0) return [`<p class="note">No releases in the cohort.</p>`];
  const shown = kpis.slice(0, MAX_CHART_ROWS);
  return [
    hBarChartSvg(barRows(shown), {
      ariaLabel: `continuity rate by ${noun}`,
      target: CONTINUITY_TARGET,
      targetLabel: TARGET_LABEL,
    }),
    kpis.length > shown.length
      ? `<p class="note">The chart shows the ${MAX_CHART_ROWS} largest of ${fmtInt(kpis.length)}; the table lists all.</p>`
      : '',
    groupTable(kpis, label),
  ];
}

function fridaySection(weekdays: readonly Kpi[], outcomes: readonly ReleaseOutcome[]): string {
  const friday = weekdays.find((k) => k.group === 'Friday');
  const others = weekdays.filter((k) => k.group !== 'Friday' && k.group !== NOT_RECORDED);
  const fridayReleases = outcomes.filter(
    (o) => o.status !== 'not_in_cohort' && o.weekday === 'Friday',
  ).length;
  const datedReleases = outcomes.filter((o) => o.status !== 'not_in_cohort' && o.weekday !== null).length;
  const other = {
    numerator: others.reduce((s, k) => s + k.numerator, 0),
    denominator: others.reduce((s, k) => s + k.denominator, 0),
  };
  const otherKpi = {
    ...other,
    ...wilsonInterval(other.numerator, other.denominator),
    rate: other.denominator > 0 ? other.numerator / other.denominator : 0,
  };
  const intro =
    datedReleases === 0
      ? `<p>No releases in the cohort have a release date.</p>`
      : `<p>${fmtInt(fridayReleases)} of ${fmtInt(datedReleases)} releases in the cohort (${pct(fridayReleases / datedReleases)}) were on a Friday. A Friday release leaves only hours to arrange a first appointment before the weekend.</p>`;
  const comparison = table(
    ['Release day', 'Engaged within window', 'Closed windows', 'Rate', '95% interval'],
    [
      friday
        ? [
            'Friday',
            fmtInt(friday.numerator),
            fmtInt(friday.denominator),
            rateText(friday),
            intervalText(friday),
          ]
        : ['Friday', '0', '0', '-', '-'],
      [
        'Other days',
        fmtInt(other.numerator),
        fmtInt(other.denominator),
        rateText(otherKpi),
        intervalText(otherKpi),
      ],
    ],
  );
  const chart =
    weekdays.length === 0
      ? ''
      : hBarChartSvg(barRows(weekdays), {
          ariaLabel: 'continuity rate by release weekday',
          target: CONTINUITY_TARGET,
          targetLabel: TARGET_LABEL,
        });
  return intro + comparison + chart;
}

function awaitingByWeek(outcomes: readonly ReleaseOutcome[]): Map<string, number> {
  const awaiting = new Map<string, number>();
  for (const o of outcomes) {
    if (o.status === 'awaiting' && o.releaseWeek)
      awaiting.set(o.releaseWeek, (awaiting.get(o.releaseWeek) ?? 0) + 1);
  }
  return awaiting;
}

/**
 * Column chart of the weekly rate (0..100%) with interval whiskers and a dashed target line; weeks
 * with releases still awaiting are drawn grey (their rate is provisional).
 */
function weeklyChartSvg(weeks: readonly Kpi[], awaiting: ReadonlyMap<string, number>): string {
  if (weeks.length === 0) return `<p class="note">No releases with a release date.</p>`;
  const width = 720;
  const height = 240;
  const pad = { left: 44, right: 12, top: 14, bottom: 44 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const step = plotW / weeks.length;
  const sy = (r: number) => pad.top + (1 - Math.min(1, Math.max(0, r))) * plotH;
  const yTicks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line class="axis" x1="${pad.left - 4}" x2="${pad.left}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}"/><text x="${pad.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${t * 100}%</text>`,
    )
    .join('');
  const labelEvery = Math.max(1, Math.ceil(weeks.length / 8));
  const cols = weeks
    .map((k, i) => {
      const x = pad.left + i * step;
      const mid = x + step / 2;
      const w = Math.max(1, step * 0.7);
      const label =
        i % labelEvery === 0
          ? `<text x="${mid.toFixed(1)}" y="${height - pad.bottom + 14}" text-anchor="middle">${escapeHtml(k.group)}</text>`
          : '';
      if (k.denominator === 0) return label;
      const y = sy(k.rate);
      const open = awaiting.get(k.group) ?? 0;
      const tip = `week of ${k.group}: ${pct(k.rate)} (${k.numerator} of ${k.denominator}), 95% interval ${intervalText(k)}${open > 0 ? `; ${open} still awaiting` : ''}`;
      const bar = `<rect${open > 0 ? ' class="muted"' : ''} x="${(mid - w / 2).toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${(height - pad.bottom - y).toFixed(1)}"><title>${escapeHtml(tip)}</title></rect>`;
      const ci = `<line class="ci" x1="${mid.toFixed(1)}" x2="${mid.toFixed(1)}" y1="${sy(k.upper).toFixed(1)}" y2="${sy(k.lower).toFixed(1)}"/>`;
      return bar + ci + label;
    })
    .join('');
  const ty = sy(CONTINUITY_TARGET).toFixed(1);
  const target = `<line class="target" x1="${pad.left}" x2="${width - pad.right}" y1="${ty}" y2="${ty}"/><text class="target-label" x="${width - pad.right}" y="${(Number(ty) - 4).toFixed(1)}" text-anchor="end">${TARGET_LABEL}</text>`;
  const axis = `<line class="axis" x1="${pad.left}" x2="${width - pad.right}" y1="${height - pad.bottom}" y2="${height - pad.bottom}"/>`;
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="continuity rate by week of release" class="chart">${yTicks}${cols}${axis}${target}<text x="${pad.left + plotW / 2}" y="${height - 8}" text-anchor="middle">week of release</text></svg>`;
}

const DAYS_CAP = 60;

/** Histogram of days to engagement, one bar a day from 0 to 59 and one for 60+, linear scale. */
function daysHistogramSvg(outcomes: readonly ReleaseOutcome[], window: number): string {
  const bins = new Array<number>(DAYS_CAP + 1).fill(0);
  let engaged = 0;
  for (const o of outcomes) {
    if (o.status !== 'engaged_in_window' && o.status !== 'engaged_late') continue;
    if (o.daysToEngagement === null || !(o.daysToEngagement >= 0)) continue;
    bins[Math.min(DAYS_CAP, Math.floor(o.daysToEngagement))]++;
    engaged++;
  }
  const width = 720;
  const height = 220;
  const pad = { left: 44, right: 12, top: 18, bottom: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...bins);
  const step = plotW / bins.length;
  const sx = (day: number) => pad.left + day * step;
  const sy = (c: number) => pad.top + (1 - c / max) * plotH;
  const bars = bins
    .map((c, d) => {
      if (c === 0) return '';
      const y = sy(c);
      const what = d === DAYS_CAP ? `${DAYS_CAP}+ days` : `day ${d}`;
      return `<rect${d > window ? ' class="muted"' : ''} x="${(sx(d) + 0.5).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, step - 1).toFixed(1)}" height="${(height - pad.bottom - y).toFixed(1)}"><title>${what}: ${fmtInt(c)}</title></rect>`;
    })
    .join('');
  const ticks = [0, 7, 14, 21, 28, 35, 42, 49, 56, DAYS_CAP]
    .map(
      (d) =>
        `<text x="${(sx(d) + step / 2).toFixed(1)}" y="${height - pad.bottom + 14}" text-anchor="middle">${d === DAYS_CAP ? `${DAYS_CAP}+` : d}</text>`,
    )
    .join('');
  // The window includes day `window`: the boundary sits after that day's bar.
  const wx = sx(Math.min(DAYS_CAP, window + 1)).toFixed(1);
  const marker = `<line class="target" x1="${wx}" x2="${wx}" y1="${pad.top - 6}" y2="${height - pad.bottom}"/><text class="target-label" x="${(Number(wx) + 4).toFixed(1)}" y="${pad.top}">${window}-day window ends</text>`;
  const axis = `<line class="axis" x1="${pad.left}" x2="${width - pad.right}" y1="${height - pad.bottom}" y2="${height - pad.bottom}"/>`;
  const yLabels = `<text x="${pad.left - 6}" y="${pad.top + 4}" text-anchor="end">${fmtInt(max)}</text><text x="${pad.left - 6}" y="${height - pad.bottom}" text-anchor="end">0</text>`;
  const caption = `<text x="${pad.left + plotW / 2}" y="${height - 6}" text-anchor="middle">days from release to first engagement (${fmtInt(engaged)} releases)</text>`;
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="days from release to engagement histogram" class="chart">${bars}${axis}${ticks}${yLabels}${marker}${caption}</svg>`;
}

/** Awaiting releases by days left in the window, and the not-engaged, with OST and no-fixed-abode counts. */
function worklist(outcomes: readonly ReleaseOutcome[], window: number): string {
  const bands: { label: string; test: (left: number | null) => boolean }[] = [
    { label: 'Awaiting: 0 to 3 days left', test: (l) => l !== null && l <= 3 },
    { label: 'Awaiting: 4 to 7 days left', test: (l) => l !== null && l >= 4 && l <= 7 },
    { label: 'Awaiting: 8 to 14 days left', test: (l) => l !== null && l >= 8 && l <= 14 },
    { label: 'Awaiting: 15 or more days left', test: (l) => l !== null && l >= 15 },
    { label: 'Awaiting: days left not known', test: (l) => l === null },
  ];
  const summarise = (label: string, group: readonly ReleaseOutcome[]) => [
    label,
    fmtInt(group.length),
    fmtInt(group.filter((o) => o.ostOnRelease).length),
    fmtInt(group.filter((o) => o.noFixedAbode).length),
    fmtInt(group.filter((o) => o.handover === 'no_referral_found').length),
    fmtInt(group.filter((o) => o.needsReview).length),
  ];
  const awaiting = outcomes.filter((o) => o.status === 'awaiting');
  const daysLeft = (o: ReleaseOutcome) => (o.daysSinceRelease === null ? null : window - o.daysSinceRelease);
  const rows = [
    ...bands.map((b) =>
      summarise(
        b.label,
        awaiting.filter((o) => b.test(daysLeft(o))),
      ),
    ),
    summarise('Awaiting: all', awaiting),
    summarise(
      'Not engaged (window closed)',
      outcomes.filter((o) => o.status === 'not_engaged'),
    ),
  ];
  return `<p class="note">People still inside their window can yet be engaged: those with few days left come first. People on opioid substitution therapy (OST) at release and people with no fixed abode are at higher risk. This report lists no individuals.</p>${table(
    ['Group', 'Releases', 'OST on release', 'No fixed abode', 'No referral found', 'Link needs review'],
    rows,
  )}`;
}
