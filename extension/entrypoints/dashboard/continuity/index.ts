/**
 * The continuity-of-care view: the rate against the 75% target overall, by release week, by
 * establishment and by receiving area (charts with tables), the as-of date, the worklist of
 * people awaiting engagement or not engaged (virtualised, filtered, searched by name in the
 * engine worker), and the CSV exports (the worklist and each area's audit worksheet).
 */
import type { ContinuityReport } from '../../../../engine/api/report-types';
import { WORKLIST_FLAG } from '../../../../engine/api/report-types';
import { messageOf } from '../alerts';
import { type Dashboard, reportOutcome } from '../context';
import { formatCount } from '../dom';
import { download } from '../download';
import { groupChart, weeklyChart } from './charts';
import { h, setOptions } from './dom';
import { HANDOVER_LABELS, percent, probabilityText, windowText, ymd } from './format';
import { ANY, filterRows, isFiltered, NO_FILTER, NOT_RECORDED, type WorklistFilter } from './worklist-filter';
import { type GridColumn, WorklistGrid } from './worklist-grid';
import './continuity.css';

const SEARCH_DELAY_MS = 200;

export function setUpContinuity(dashboard: Dashboard): void {
  const section = document.querySelector<HTMLElement>('section[data-view="continuity"]');
  if (!section) throw new Error('dashboard.html has no continuity section');
  const view = new ContinuityView(dashboard, section);
  dashboard.views.onShow('continuity', () => void view.show());
}

class ContinuityView {
  private report: ContinuityReport | null = null;
  private filter: WorklistFilter = NO_FILTER;
  private shown: Int32Array = new Int32Array(0);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchTicket = 0;
  private loading: Promise<void> | null = null;

  private readonly asOf = h('input', { id: 'continuity-as-of', type: 'date', required: true });
  private readonly recompute = h('button', { type: 'submit' }, 'Recompute');
  private readonly today = h('button', { type: 'button' }, 'Use today');
  private readonly ruleText = h('p', { id: 'continuity-rule', class: 'cv-help' });
  private readonly empty = h('p', { id: 'continuity-empty', hidden: true });
  private readonly loadingText = h('p', { id: 'continuity-loading', role: 'status' });
  private readonly body = h('div', { id: 'continuity-body', hidden: true });
  private readonly summary = h('div', { id: 'continuity-summary' });
  private readonly charts = h('div', { id: 'continuity-charts' });
  private readonly status = h('select', { id: 'worklist-status' });
  private readonly establishment = h('select', { id: 'worklist-establishment' });
  private readonly area = h('select', { id: 'worklist-area' });
  private readonly reviewOnly = h('input', { id: 'worklist-review', type: 'checkbox' });
  private readonly search = h('input', {
    id: 'worklist-search',
    type: 'search',
    autocomplete: 'off',
    'aria-describedby': 'worklist-search-help',
  });
  private readonly count = h('p', { id: 'worklist-count', role: 'status' });
  private readonly exportButton = h(
    'button',
    { id: 'worklist-export', type: 'button' },
    'Download the worklist (CSV)',
  );
  private readonly audit = h('table', { id: 'audit-areas' });
  private readonly grid: WorklistGrid;

  constructor(
    private readonly dashboard: Dashboard,
    private readonly section: HTMLElement,
  ) {
    this.grid = new WorklistGrid('worklist-heading', this.columns());
    setOptions(this.status, [
      ['all', 'Awaiting or not engaged'],
      ['awaiting', 'Awaiting (window open)'],
      ['not_engaged', 'Not engaged (window closed)'],
    ]);
    const asOfForm = h(
      'form',
      { id: 'continuity-as-of-form', class: 'cv-as-of' },
      h('label', { for: 'continuity-as-of' }, 'Statuses as of'),
      ' ',
      this.asOf,
      ' ',
      this.recompute,
      ' ',
      this.today,
    );
    asOfForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.setAsOf(this.asOf.value || null);
    });
    this.today.addEventListener('click', () => void this.setAsOf(null));

    const filters = h(
      'fieldset',
      { class: 'cv-filters' },
      h('legend', {}, 'Show'),
      h('label', { for: 'worklist-status' }, 'Status '),
      this.status,
      h('label', { for: 'worklist-establishment' }, 'Establishment '),
      this.establishment,
      h('label', { for: 'worklist-area' }, 'Receiving area '),
      this.area,
      h('label', { for: 'worklist-review' }, this.reviewOnly, ' Needs review only'),
    );
    const searchBox = h(
      'div',
      { class: 'cv-search', role: 'search' },
      h('label', { for: 'worklist-search' }, 'Search by name or record id '),
      this.search,
      h(
        'span',
        { id: 'worklist-search-help', class: 'cv-help' },
        ' Close spellings match too: "jon smyth" finds SMITH, Jonathan.',
      ),
    );
    for (const select of [this.status, this.establishment, this.area])
      select.addEventListener('change', () => this.applyFilters());
    this.reviewOnly.addEventListener('change', () => this.applyFilters());
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => void this.runSearch(), SEARCH_DELAY_MS);
    });
    this.exportButton.addEventListener('click', () => void this.exportWorklist());

    this.body.append(
      this.summary,
      this.charts,
      h(
        'section',
        { class: 'cv-worklist', 'aria-labelledby': 'worklist-heading' },
        h(
          'h3',
          { id: 'worklist-heading' },
          'Worklist: awaiting engagement or not engaged, most urgent first',
        ),
        h(
          'p',
          { class: 'cv-help' },
          'Awaiting first (action still counts), then OST on release, no fixed abode and Friday releases, then fewest days left. ' +
            'Use the arrow keys, Page Up and Page Down in the table to move through every row.',
        ),
        filters,
        searchBox,
        h('div', { class: 'cv-worklist-bar' }, this.count, this.exportButton),
        this.grid.scroller,
      ),
      h(
        'section',
        { class: 'cv-audit', 'aria-labelledby': 'audit-heading' },
        h('h3', { id: 'audit-heading' }, 'Audit worksheets by receiving area'),
        h(
          'p',
          { class: 'cv-help' },
          'One worksheet per area, with columns for the community provider to complete: send each provider only its own area.',
        ),
        this.audit,
      ),
    );
    section.append(asOfForm, this.ruleText, this.loadingText, this.empty, this.body);
  }

  /** Loads the report when the results changed since it was drawn (or it never was). */
  async show(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const started = performance.now();
    try {
      const status = await this.dashboard.engine.status();
      if (this.report && status.resultsVersion === this.report.resultsVersion) return;
      // The first report after a change reads every release's name from this device's database:
      // a second or two for 100,000 releases. Say so; the answer is kept for the next visits.
      this.section.setAttribute('aria-busy', 'true');
      this.loadingText.textContent = `Reading the worklist of ${formatCount(status.records.releases)} releases...`;
      const outcome = await this.dashboard.engine.continuityReport().finally(() => {
        this.section.removeAttribute('aria-busy');
        this.loadingText.textContent = '';
      });
      if (!outcome.ok) {
        this.report = null;
        this.body.hidden = true;
        this.empty.hidden = false;
        this.empty.textContent =
          outcome.error.kind === 'not-ready'
            ? 'Import a release list and a treatment extract, then link them, to see continuity of care here.'
            : outcome.error.message;
        this.section.dataset.reportVersion = '0';
        return;
      }
      this.draw(outcome.value);
      await this.refreshSearch();
      this.applyFilters();
      // The first rows are in the DOM; the frame after next has painted them.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const ms = performance.now() - started;
      performance.measure('throughline:worklist-first-draw', { start: started, duration: ms });
      this.section.dataset.firstDrawMs = ms.toFixed(1);
      this.section.dataset.reportVersion = String(outcome.value.resultsVersion);
    } catch (error) {
      this.dashboard.alerts.showError([messageOf(error)]);
    }
  }

  private draw(report: ContinuityReport): void {
    this.report = report;
    this.empty.hidden = true;
    this.body.hidden = false;
    this.asOf.value = report.asOf;
    this.ruleText.textContent =
      `${report.asOfChosen ? 'As of a chosen date' : "As of today's date"}, under rule ${report.rule.name} ` +
      `v${report.rule.version}: engagement within ${report.rule.windowDays} days of release (day 0 is the release day). ` +
      'Only releases whose whole window has closed count towards the rate.';
    this.drawSummary(report);
    this.charts.replaceChildren(
      h('h3', {}, 'Over time'),
      weeklyChart('continuity-weekly', report.byWeek, report.target, report.rule.windowDays),
      h('h3', {}, 'By establishment'),
      groupChart(
        'continuity-establishments',
        'Continuity rate by releasing establishment',
        'Establishment',
        report.byEstablishment,
        report.target,
      ),
      h('h3', {}, 'By receiving area'),
      groupChart(
        'continuity-areas',
        'Continuity rate by receiving area',
        'Area',
        report.byArea,
        report.target,
      ),
    );
    const w = report.worklist;
    const choices = (values: string[]) => [
      [String(ANY), 'Any'] as const,
      ...values.map((v, i) => [String(i), v] as const).sort((a, b) => a[1].localeCompare(b[1])),
      [String(NOT_RECORDED), '(not recorded)'] as const,
    ];
    setOptions(this.establishment, choices(w.establishments));
    setOptions(this.area, choices(w.areas));
    this.drawAudit(report);
  }

  private drawSummary(report: ContinuityReport): void {
    const { overall, counts, target } = report;
    const gap = overall.rate - target;
    const rate =
      overall.denominator > 0
        ? h('strong', { id: 'continuity-rate', 'data-rate': overall.rate }, percent(overall.rate))
        : h('strong', { id: 'continuity-rate' }, 'no closed window yet');
    const facts: [string, string, string][] = [
      [
        'continuity-closed',
        `Engaged within ${report.rule.windowDays} days`,
        `${formatCount(overall.numerator)} of ${formatCount(overall.denominator)} releases whose window has closed`,
      ],
      ['continuity-interval', '95% interval', `${percent(overall.lower)} to ${percent(overall.upper)}`],
      [
        'continuity-gap',
        `Against the ${percent(target)} target`,
        overall.denominator === 0
          ? 'not known yet'
          : gap >= 0
            ? `${(gap * 100).toFixed(1)} points above`
            : `${(-gap * 100).toFixed(1)} points below`,
      ],
      ['continuity-awaiting', 'Awaiting (window open)', formatCount(counts.awaiting)],
      ['continuity-not-engaged', 'Not engaged', formatCount(counts.not_engaged)],
      ['continuity-late', 'Engaged late', formatCount(counts.engaged_late)],
      ['continuity-review', 'Best link needs review', formatCount(counts.needsReview)],
      ['continuity-not-in-cohort', 'Not in the cohort', formatCount(counts.not_in_cohort)],
    ];
    this.summary.replaceChildren(
      h(
        'p',
        { class: 'cv-headline' },
        'Continuity rate ',
        rate,
        ` against the national target of ${percent(target)}`,
      ),
      h(
        'dl',
        { class: 'cv-facts' },
        ...facts.flatMap(([id, term, value]) => [h('dt', {}, term), h('dd', { id }, value)]),
      ),
    );
  }

  private drawAudit(report: ContinuityReport): void {
    const body = h('tbody');
    for (const { area, rows } of report.auditAreas) {
      const label = area === '' ? '(not recorded)' : area;
      const button = h(
        'button',
        { type: 'button' },
        'Download CSV',
        h('span', { class: 'cv-sr' }, ` for ${label}`),
      );
      button.addEventListener('click', () => void this.exportAudit(area));
      const tr = h(
        'tr',
        { 'data-area': area },
        h('th', { scope: 'row' }, label),
        h('td', { class: 'number' }, formatCount(rows)),
        h('td', {}, button),
      );
      body.append(tr);
    }
    this.audit.replaceChildren(
      h('caption', {}, `${report.auditAreas.length} receiving areas with releases in the cohort`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Receiving area'),
          h('th', { scope: 'col' }, 'Releases in the cohort'),
          h('th', { scope: 'col' }, 'Worksheet'),
        ),
      ),
      body,
    );
  }

  private columns(): GridColumn[] {
    const w = () => (this.report as ContinuityReport).worklist;
    const windowDays = () => (this.report as ContinuityReport).rule.windowDays;
    const flags = (r: number) => {
      const f = w().flags[r];
      return [
        f & WORKLIST_FLAG.ost && 'OST',
        f & WORKLIST_FLAG.noFixedAbode && 'NFA',
        f & WORKLIST_FLAG.friday && 'Fri',
      ]
        .filter(Boolean)
        .join(', ');
    };
    return [
      { header: 'Name', width: 13, text: (r) => w().name[r] },
      { header: 'Date of birth', width: 7, text: (r) => ymd(w().dob[r]) || (w().dobText[r] ?? '') },
      { header: 'Released', width: 7, text: (r) => ymd(w().releaseDate[r]) },
      {
        header: 'Establishment',
        width: 9,
        text: (r) => (w().establishment[r] < 0 ? '' : w().establishments[w().establishment[r]]),
      },
      { header: 'Area', width: 8, text: (r) => (w().area[r] < 0 ? '' : w().areas[w().area[r]]) },
      {
        header: 'Window',
        width: 9,
        text: (r) => windowText(w().awaiting[r] === 1, w().day[r], windowDays()),
      },
      { header: 'Flags', width: 6, text: flags },
      {
        header: 'Handover',
        width: 10,
        text: (r) => HANDOVER_LABELS[w().handovers[w().handover[r]]] ?? '',
      },
      {
        header: 'Link probability',
        width: 6,
        text: (r) => probabilityText(w().probability[r]),
        className: 'number',
      },
      { header: 'Needs review', width: 5, text: (r) => (w().needsReview[r] ? 'Yes' : 'No') },
    ];
  }

  private applyFilters(): void {
    const report = this.report;
    if (!report) return;
    this.filter = {
      ...this.filter,
      status: this.status.value as WorklistFilter['status'],
      establishment: Number(this.establishment.value || ANY),
      area: Number(this.area.value || ANY),
      needsReviewOnly: this.reviewOnly.checked,
    };
    this.shown = filterRows(report.worklist, this.filter);
    this.grid.setRows(this.shown);
    const total = report.worklist.length;
    this.count.textContent = isFiltered(this.filter)
      ? `Showing ${formatCount(this.shown.length)} of ${formatCount(total)} releases on the worklist.`
      : `${formatCount(total)} releases on the worklist.`;
    this.count.dataset.shown = String(this.shown.length);
    this.exportButton.textContent = isFiltered(this.filter)
      ? `Download these ${formatCount(this.shown.length)} (CSV)`
      : 'Download the worklist (CSV)';
  }

  /** Searches the names in the engine worker (see worklist-search.ts for why there). */
  private async runSearch(): Promise<void> {
    await this.refreshSearch();
    this.applyFilters();
  }

  private async refreshSearch(): Promise<void> {
    const query = this.search.value.trim();
    const ticket = ++this.searchTicket;
    if (query === '' || !this.report) {
      this.filter = { ...this.filter, searchRows: null };
      return;
    }
    this.count.textContent = 'Searching...';
    const outcome = await this.dashboard.engine.searchWorklist(query);
    if (ticket !== this.searchTicket) return; // a newer search is on its way
    if (!outcome.ok) {
      this.dashboard.alerts.showError([outcome.error.message]);
      return;
    }
    if (outcome.value.resultsVersion !== this.report.resultsVersion) {
      // The results moved on under us: draw the new report (it searches again).
      void this.show();
      return;
    }
    this.filter = { ...this.filter, searchRows: outcome.value.rows };
  }

  private async setAsOf(asOf: string | null): Promise<void> {
    if (this.dashboard.operation.running) return;
    const controls = [this.asOf, this.recompute, this.today];
    for (const c of controls) c.disabled = true;
    this.dashboard.alerts.clearError();
    this.dashboard.report(
      asOf ? `Recomputing the statuses as of ${asOf}...` : "Recomputing the statuses as of today's date...",
    );
    try {
      const outcome = await this.dashboard.engine.setAsOf(asOf);
      reportOutcome(this.dashboard, outcome, () =>
        asOf ? `Statuses are now as of ${asOf}.` : "Statuses are now as of today's date.",
      );
      await this.show();
      await this.dashboard.refresh();
    } catch (error) {
      this.dashboard.alerts.showError([messageOf(error)]);
    } finally {
      for (const c of controls) c.disabled = false;
    }
  }

  private async exportWorklist(): Promise<void> {
    const report = this.report;
    if (!report) return;
    const rows = isFiltered(this.filter) ? this.shown : undefined;
    try {
      const outcome = await this.dashboard.engine.exportContinuity({
        kind: 'worklist',
        resultsVersion: report.resultsVersion,
        rows,
      });
      reportOutcome(this.dashboard, outcome, (file) => {
        download(file);
        return `Saved ${file.fileName} (${formatCount(file.rows)} releases).`;
      });
      if (!outcome.ok && outcome.error.kind === 'conflict') await this.show();
    } catch (error) {
      this.dashboard.alerts.showError([messageOf(error)]);
    }
  }

  private async exportAudit(area: string): Promise<void> {
    try {
      const outcome = await this.dashboard.engine.exportContinuity({ kind: 'audit', area });
      reportOutcome(this.dashboard, outcome, (file) => {
        download(file);
        return `Saved ${file.fileName} (${formatCount(file.rows)} releases).`;
      });
    } catch (error) {
      this.dashboard.alerts.showError([messageOf(error)]);
    }
  }
}
