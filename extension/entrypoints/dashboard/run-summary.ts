/**
 * The overview's run summary, beside the Link button: the last run (when, its inputs with their
 * SHA-256, model, rule and thresholds, candidate pairs, links, how many pairs need review, and
 * the time of each stage), then the recent runs. Runs hold no record content.
 */
import type { ReviewProgress } from '../../../engine/api/engine-api';
import type { RunInfo, RunKind } from '../../../shared/workspace';
import { messageOf } from './alerts';
import type { Dashboard } from './context';
import { cell, element, formatCount } from './dom';

const RECENT_RUNS = 10;
/** Runs read to find the recent ones that are not review decisions. */
const RUNS_READ = 500;

const KIND_LABELS: Record<RunKind, string> = {
  link: 'Link (train and match)',
  import: 'Import',
  increment: 'Record added or changed',
  decision: 'Review decision',
  remove: 'Dataset removed',
};

const when = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

const took = (run: RunInfo): string => duration(Date.parse(run.finishedAt) - Date.parse(run.startedAt));

export const duration = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

const percent = (p: number): string => `${Math.round(p * 100)}%`;

/**
 * The run the summary describes: the latest that matched data (a link, an import, a change), not
 * a review decision, which re-scores the same pairs and would hide the run that made them.
 */
export const summarised = (runs: readonly RunInfo[]): RunInfo | null =>
  runs.find((r) => r.kind !== 'decision') ?? null;

export function renderRunSummary(
  runs: readonly RunInfo[],
  review: ReviewProgress | null,
  modelCreatedAt: string | null,
): void {
  const box = element('run-summary', HTMLElement);
  const run = summarised(runs);
  element('run-summary-none', HTMLParagraphElement).hidden = run !== null;
  const details = element('run-summary-details', HTMLDListElement);
  const tables = element('run-summary-tables', HTMLDivElement);
  details.hidden = tables.hidden = run === null;
  box.dataset.runId = run?.id ?? '';
  if (run) {
    element('run-summary-heading', HTMLHeadingElement).textContent =
      `Last run: ${KIND_LABELS[run.kind].toLowerCase()}`;
    const facts: [string, string][] = [
      ['When', `${when(run.startedAt)} (took ${took(run)})`],
      [
        'Model',
        run.modelId
          ? `${run.modelId}${modelCreatedAt ? `, trained ${when(modelCreatedAt)}` : ''}`
          : 'none yet',
      ],
      ['Rule', run.rule ? `${run.rule.id}, version ${run.rule.version}` : 'none'],
      [
        'Thresholds',
        run.thresholds
          ? `links at ${percent(run.thresholds.lower)} match probability and above; review from ${percent(run.thresholds.lower)} to under ${percent(run.thresholds.upper)}`
          : 'none',
      ],
      ['Candidate pairs', formatCount(run.counts.pairs ?? 0)],
      ['Links', formatCount(run.counts.links ?? 0)],
      ['Needing review', review ? `${formatCount(review.open)} pairs (now)` : 'unknown'],
    ];
    details.replaceChildren(
      ...facts.flatMap(([term, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.textContent = value;
        dd.dataset.fact = term.toLowerCase().replace(/ /g, '-');
        return [dt, dd];
      }),
    );
    element('run-summary-inputs', HTMLTableElement).tBodies[0]!.replaceChildren(
      ...run.inputs.map((input) => {
        const row = document.createElement('tr');
        row.append(
          cell(input.fileName),
          cell(formatCount(input.rowCount), 'number'),
          cell(input.sha256.slice(0, 12)),
        );
        return row;
      }),
    );
    element('run-summary-timings', HTMLTableElement).tBodies[0]!.replaceChildren(
      ...run.timings.map((t) => {
        const row = document.createElement('tr');
        row.append(cell(t.stage), cell(duration(t.ms), 'number'));
        return row;
      }),
    );
  } else element('run-summary-heading', HTMLHeadingElement).textContent = 'Last run';

  // Review decisions are runs too (each re-scores the pairs), but listing them would push the
  // imports and links out of sight during a review session.
  const shown = runs.filter((r) => r.kind !== 'decision').slice(0, RECENT_RUNS);
  const recent = element('recent-runs', HTMLTableElement);
  recent.hidden = shown.length === 0;
  if (recent.parentElement) recent.parentElement.hidden = recent.hidden; // the scrolling region around it
  recent.tBodies[0]!.replaceChildren(
    ...shown.map((r) => {
      const row = document.createElement('tr');
      row.dataset.runId = r.id;
      const rows = r.inputs.reduce((sum, i) => sum + i.rowCount, 0);
      row.append(
        cell(when(r.startedAt)),
        cell(KIND_LABELS[r.kind]),
        cell(`${r.inputs.length} files, ${formatCount(rows)} rows`),
        cell(r.counts.pairs === undefined ? '' : formatCount(r.counts.pairs), 'number'),
        cell(r.counts.links === undefined ? '' : formatCount(r.counts.links), 'number'),
        cell(took(r), 'number'),
      );
      return row;
    }),
  );
}

export function setUpRunSummary(dashboard: Dashboard): void {
  let loads = 0;
  const load = async () => {
    const ticket = ++loads;
    try {
      const [runs, review, status] = await Promise.all([
        dashboard.engine.runs(RUNS_READ),
        dashboard.engine.reviewProgress(),
        dashboard.engine.status(),
      ]);
      if (ticket === loads) renderRunSummary(runs, review, status.model?.createdAt ?? null);
    } catch (error) {
      if (ticket === loads) dashboard.alerts.showError([messageOf(error)]);
    }
  };
  dashboard.views.onShow('overview', () => void load());
}
