/**
 * The de-duplication view: clusters of records within one system that are likely the same
 * person, each shown side by side with the values that differ marked (in the text, not only by
 * colour), and a "same person" / "not the same" decision per pair. Decisions are stored by the
 * engine and the next run respects them; the merge list (the records decided "same", one survivor
 * each) downloads as CSV for the source system's own merge function. No source record changes.
 */
import type { DuplicateCluster, DuplicatesReport } from '../../../../engine/api/report-types';
import { CANONICAL_FIELDS, type CanonicalField } from '../../../../shared/person';
import type { DateOrder, Decision, Side } from '../../../../shared/workspace';
import { messageOf } from '../alerts';
import { type Dashboard, reportOutcome } from '../context';
import { h } from '../continuity/dom';
import { formatCount } from '../dom';
import { download } from '../download';
import { fieldLabel } from '../field-labels';
import { compareRecords, type Part } from '../review/compare-records';
import { loadReviewer, saveReviewer } from '../review/reviewer';
import { SIDE_LABELS } from '../status-panel';
import './duplicates.css';

const PAGE = 20;

const DECISION_WORDS: Record<Decision, string> = {
  same: 'the same person',
  not_same: 'not the same person',
  unsure: 'unsure',
};

export function setUpDuplicates(dashboard: Dashboard): void {
  const section = document.querySelector<HTMLElement>('section[data-view="duplicates"]');
  if (!section) throw new Error('dashboard.html has no duplicates section');
  const view = new DuplicatesView(dashboard, section);
  dashboard.views.onShow('duplicates', () => void view.show());
}

class DuplicatesView {
  private report: DuplicatesReport | null = null;
  private offset = 0;
  private dateOrders = new Map<string, DateOrder>();
  private datasetNames = new Map<string, string>();
  private current: Promise<void> | null = null;

  private readonly form = h('form', { id: 'duplicates-form' });
  private readonly by = h('input', {
    id: 'duplicates-by',
    type: 'text',
    autocomplete: 'name',
    required: true,
  });
  private readonly find = h('button', { id: 'duplicates-find', type: 'submit' }, 'Find duplicates');
  private readonly summary = h('p', { id: 'duplicates-summary', role: 'status' });
  private readonly mergeList = h(
    'button',
    { id: 'duplicates-merge-list', type: 'button', hidden: true },
    'Download the merge list (CSV)',
  );
  private readonly list = h('ol', { id: 'duplicates-clusters', class: 'dup-clusters' });
  private readonly pager = h('nav', {
    class: 'dup-pager',
    'aria-label': 'Groups of duplicates',
    hidden: true,
  });

  constructor(
    private readonly dashboard: Dashboard,
    section: HTMLElement,
  ) {
    const sides = (['treatment', 'releases'] as const).map((side, i) =>
      h(
        'label',
        {},
        h('input', { type: 'radio', name: 'duplicates-side', value: side, checked: i === 0 }),
        ` ${SIDE_LABELS[side]}`,
      ),
    );
    this.form.append(
      h('fieldset', {}, h('legend', {}, 'Which system?'), ...sides),
      h('p', {}, h('label', { for: 'duplicates-by' }, 'Your name (recorded with each decision) '), this.by),
      this.find,
    );
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.offset = 0;
      void this.run('Finding duplicates');
    });
    this.by.addEventListener('change', () => void saveReviewer(this.by.value));
    void loadReviewer().then((name) => {
      if (!this.by.value) this.by.value = name;
    });
    this.mergeList.addEventListener('click', () => void this.exportMergeList());
    section.append(
      h(
        'p',
        { class: 'dup-help' },
        'Finds records within one system that are likely the same person, with a model trained on that ' +
          "system's records alone. Nothing here changes your records: marking two records as the same person " +
          "is a recorded decision, and the merge list is a file for that system's own merge function.",
      ),
      this.form,
      this.summary,
      this.mergeList,
      this.list,
      this.pager,
    );
  }

  private get side(): Side {
    return (this.form.querySelector<HTMLInputElement>('input[name="duplicates-side"]:checked')?.value ??
      'treatment') as Side;
  }

  /** On showing the view again after a change, the shown clusters may be stale: run again (cached). */
  async show(): Promise<void> {
    if (this.report && !this.dashboard.operation.running) await this.run('Updating the duplicates');
  }

  /** Runs one search at a time: a second waits for the first (a decision and the refresh it causes). */
  private run(label: string): Promise<void> {
    const next = (this.current ?? Promise.resolve()).then(() => this.runNow(label));
    const tracked: Promise<void> = next.finally(() => {
      if (this.current === tracked) this.current = null;
    });
    this.current = tracked;
    return next;
  }

  private async runNow(label: string): Promise<void> {
    if (this.dashboard.operation.running) {
      this.dashboard.report('Wait for the running operation to finish, then try again.');
      return;
    }
    const side = this.side;
    this.dashboard.alerts.clearError();
    this.find.disabled = true;
    try {
      const status = await this.dashboard.engine.status();
      this.dateOrders = new Map(status.datasets.map((d) => [d.id, d.dateOrder]));
      this.datasetNames = new Map(status.datasets.map((d) => [d.id, d.name]));
      const outcome = await this.dashboard.operation.run(label, (opId, onProgress) =>
        this.dashboard.engine.findDuplicates({ side, offset: this.offset, limit: PAGE }, opId, onProgress),
      );
      if (!outcome.ok) {
        reportOutcome(this.dashboard, outcome, () => '');
        return;
      }
      this.draw(outcome.value);
    } catch (error) {
      this.dashboard.alerts.showError([messageOf(error)]);
    } finally {
      this.find.disabled = false;
    }
  }

  private draw(report: DuplicatesReport): void {
    this.report = report;
    const d = report.decisions;
    this.summary.textContent =
      `${formatCount(report.clusterCount)} group(s) of likely-same records among ${formatCount(report.records)} ` +
      `${SIDE_LABELS[report.side].toLowerCase()} records (${formatCount(report.recordsInClusters)} records in groups). ` +
      `Decisions so far: ${d.same} same person, ${d.notSame} not the same, ${d.unsure} unsure. ` +
      `Model ${report.model}.`;
    this.summary.dataset.clusters = String(report.clusterCount);
    this.mergeList.hidden = false;
    this.list.start = report.offset + 1;
    this.list.replaceChildren(
      ...report.clusters.map((c, i) => this.cluster(c, report.offset + i + 1, report)),
    );
    this.drawPager(report);
  }

  private cluster(cluster: DuplicateCluster, number: number, report: DuplicatesReport): HTMLLIElement {
    const headingId = `dup-cluster-${cluster.id}`;
    const records = cluster.records;
    const names = records.map((_, k) => `Record ${k + 1}`);
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'Field'),
      ...records.map((r, k) =>
        h(
          'th',
          { scope: 'col' },
          `${names[k]}: `,
          h(
            'span',
            { class: 'dup-source' },
            `${this.datasetNames.get(r.datasetId) ?? r.datasetId} ${r.recordId}`,
          ),
        ),
      ),
    );
    // Each record compared with the first, field by field, in the schema's order.
    const first = records[0];
    const comparisons = records.map((r) =>
      compareRecords(first, r, {
        left: this.dateOrders.get(first.datasetId) ?? 'auto',
        right: this.dateOrders.get(r.datasetId) ?? 'auto',
      }),
    );
    const byField = comparisons.map((list) => new Map(list.map((c) => [c.field, c])));
    const fields = CANONICAL_FIELDS.filter((f) => byField.some((m) => m.has(f)));
    const rows = fields.map((field) => this.fieldRow(field, records.length, byField));
    const table = h(
      'table',
      { class: 'dup-table' },
      h('caption', {}, 'The records side by side; values that differ from record 1 are marked.'),
      h('thead', {}, head),
      h('tbody', {}, ...rows),
    );
    const pairs = h(
      'ul',
      { class: 'dup-pairs' },
      ...cluster.pairs.map((p) => {
        const a = names[p.a];
        const b = names[p.b];
        const decided = p.decision
          ? h('strong', {}, `Decided: ${DECISION_WORDS[p.decision]}.`)
          : h('span', {}, 'Not decided.');
        const button = (decision: Decision, text: string) => {
          const el = h(
            'button',
            {
              type: 'button',
              'aria-label': `${a} and ${b}: ${text}`,
              'aria-pressed': String(p.decision === decision),
            },
            text,
          );
          el.addEventListener(
            'click',
            () => void this.decide(cluster.keys[p.a], cluster.keys[p.b], decision, a, b),
          );
          return el;
        };
        return h(
          'li',
          { 'data-a': cluster.keys[p.a], 'data-b': cluster.keys[p.b], 'data-decision': p.decision ?? '' },
          `${a} and ${b}: ${(p.probability * 100).toFixed(1)}% likely the same person. `,
          decided,
          ' ',
          button('same', 'Same person'),
          ' ',
          button('not_same', 'Not the same'),
          h(
            'details',
            {},
            h('summary', {}, 'Why'),
            h('p', { class: 'dup-evidence' }, p.evidence || 'No evidence recorded.'),
          ),
        );
      }),
    );
    return h(
      'li',
      { class: 'dup-cluster', 'data-cluster-id': cluster.id },
      h(
        'article',
        { 'aria-labelledby': headingId },
        h(
          'h3',
          { id: headingId },
          `Group ${formatCount(number)} of ${formatCount(report.clusterCount)}: ${records.length} records`,
        ),
        h(
          'div',
          {
            class: 'dup-scroll',
            tabindex: 0,
            role: 'region',
            'aria-label': `Group ${number}, records side by side`,
          },
          table,
        ),
        pairs,
      ),
    );
  }

  private fieldRow(
    field: CanonicalField,
    count: number,
    byField: Map<CanonicalField, ReturnType<typeof compareRecords>[number]>[],
  ): HTMLTableRowElement {
    const cells: HTMLTableCellElement[] = [];
    let differs = false;
    for (let k = 0; k < count; k++) {
      const c = byField[k].get(field);
      const td = h('td');
      if (k === 0) {
        td.append(parts(c?.left ?? [], false));
      } else if (!c) {
        td.textContent = '';
      } else if (c.agreement === 'same') {
        td.append(parts(c.right, false));
      } else {
        differs = true;
        td.classList.add('dup-differs');
        if (c.agreement === 'left-only') td.append(h('mark', {}, '(blank)'));
        else td.append(parts(c.right, c.agreement === 'right-only'));
        td.append(h('span', { class: 'dup-sr' }, ' (differs)'));
      }
      cells.push(td);
    }
    return h(
      'tr',
      differs ? { class: 'dup-row-differs' } : {},
      h('th', { scope: 'row' }, fieldLabel(field)),
      ...cells,
    );
  }

  private drawPager(report: DuplicatesReport): void {
    const from = report.offset + 1;
    const to = report.offset + report.clusters.length;
    this.pager.hidden = report.clusterCount <= PAGE;
    const previous = h('button', { type: 'button', disabled: report.offset === 0 }, 'Previous groups');
    const next = h('button', { type: 'button', disabled: to >= report.clusterCount }, 'Next groups');
    previous.addEventListener('click', () => {
      this.offset = Math.max(0, this.offset - PAGE);
      void this.run('Showing earlier groups');
    });
    next.addEventListener('click', () => {
      this.offset += PAGE;
      void this.run('Showing more groups');
    });
    this.pager.replaceChildren(
      previous,
      ' ',
      h(
        'span',
        {},
        `Groups ${formatCount(from)} to ${formatCount(to)} of ${formatCount(report.clusterCount)}`,
      ),
      ' ',
      next,
    );
  }

  private async decide(aKey: string, bKey: string, decision: Decision, a: string, b: string): Promise<void> {
    const by = this.by.value.trim();
    if (!by) {
      this.dashboard.alerts.showError([
        'Enter your name before recording a decision: it is kept with the decision.',
      ]);
      this.by.focus();
      return;
    }
    try {
      const outcome = await this.dashboard.engine.decideDuplicate(aKey, bKey, decision, by);
      if (!outcome.ok) {
        reportOutcome(this.dashboard, outcome, () => '');
        return;
      }
      await this.run('Applying the decision');
      this.dashboard.report(`Recorded: ${a} and ${b} are ${DECISION_WORDS[decision]} (by ${by}).`);
    } catch (error) {
      this.dashboard.alerts.showError([messageOf(error)]);
    }
  }

  private async exportMergeList(): Promise<void> {
    try {
      const outcome = await this.dashboard.engine.exportMergeList(this.report?.side ?? this.side);
      reportOutcome(this.dashboard, outcome, (file) => {
        download(file);
        return `Saved ${file.fileName} (${formatCount(file.rows)} records to merge).`;
      });
    } catch (error) {
      this.dashboard.alerts.showError([messageOf(error)]);
    }
  }
}

/** A value's parts, the differing ones in <mark>. */
function parts(list: readonly Part[], allDiffer: boolean): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const p of list) fragment.append(p.differs || allDiffer ? h('mark', {}, p.text) : p.text);
  return fragment;
}
