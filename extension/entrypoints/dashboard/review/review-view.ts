/**
 * The review queue: uncertain pairs one at a time, both records side by side with their
 * differences marked, the match probability and the waterfall of the match weight; a decision
 * (same, not the same, unsure) is stored by the engine and overrides the model.
 *
 * Usable from the keyboard alone: S, N, U decide; J or Right go to the next pair, K or Left to the
 * previous one (not while typing in a text box; Escape leaves it). After every action the focus
 * stays on the control used, or returns to the pair's heading, and a polite live region says
 * what happened, so a keyboard or screen-reader user never loses their place.
 */
import type { ReviewItem, ReviewProgress } from '../../../../engine/api/engine-api';
import type { DatasetInfo, Decision, StoredRecord } from '../../../../shared/workspace';
import { describeError, messageOf } from '../alerts';
import type { Dashboard } from '../context';
import { element, formatCount } from '../dom';
import { fieldLabel } from '../field-labels';
import { type Agreement, compareRecords, type Part } from './compare-records';
import { DEFAULT_REVIEWER, loadReviewer, saveReviewer } from './reviewer';
import { ReviewSession } from './session';
import { waterfallChart, waterfallTable } from './waterfall';

/** How many pairs one visit loads; more are loaded when these are decided. */
const QUEUE_LIMIT = 200;

export const DECISION_LABELS: Record<Decision, string> = {
  same: 'Same person',
  not_same: 'Not the same person',
  unsure: 'Unsure',
};

const AGREEMENT_WORDS: Record<Agreement, string> = {
  same: 'Same',
  different: 'Different',
  'left-only': 'Only in the prison release',
  'right-only': 'Only in the treatment record',
};

const KEYS: Record<string, Decision | 'next' | 'previous'> = {
  s: 'same',
  n: 'not_same',
  u: 'unsure',
  j: 'next',
  ArrowRight: 'next',
  k: 'previous',
  ArrowLeft: 'previous',
};

export class ReviewView {
  private readonly section = document.querySelector<HTMLElement>('section[data-view="review"]')!;
  private readonly progress = element('review-progress', HTMLParagraphElement);
  private readonly reviewer = element('reviewer-name', HTMLInputElement);
  private readonly empty = element('review-empty', HTMLDivElement);
  private readonly pair = element('review-pair', HTMLElement);
  private readonly heading = element('review-pair-heading', HTMLHeadingElement);
  private readonly facts = element('review-pair-facts', HTMLParagraphElement);
  private readonly reason = element('review-reason', HTMLInputElement);
  private readonly records = element('review-records', HTMLTableElement);
  private readonly leftHeading = element('review-left-heading', HTMLTableCellElement);
  private readonly rightHeading = element('review-right-heading', HTMLTableCellElement);
  private readonly waterfall = element('review-waterfall', HTMLDivElement);
  private readonly announcer = element('review-announce', HTMLParagraphElement);
  private readonly buttons = {
    same: element('review-same', HTMLButtonElement),
    not_same: element('review-not-same', HTMLButtonElement),
    unsure: element('review-unsure', HTMLButtonElement),
    previous: element('review-previous', HTMLButtonElement),
    next: element('review-next', HTMLButtonElement),
  };

  private readonly session = new ReviewSession();
  private datasets = new Map<string, DatasetInfo>();
  private latest: ReviewProgress | null = null;
  private busy = false;
  private loads = 0;
  private reviewerLoaded = false;

  constructor(private readonly dashboard: Dashboard) {
    for (const decision of ['same', 'not_same', 'unsure'] as const)
      this.buttons[decision].addEventListener('click', () => void this.decide(decision));
    this.buttons.next.addEventListener('click', () => this.move('next'));
    this.buttons.previous.addEventListener('click', () => this.move('previous'));
    this.reviewer.addEventListener('change', () => {
      void saveReviewer(this.reviewer.value).catch((error: unknown) =>
        this.dashboard.alerts.showError([`The reviewer name was not saved: ${messageOf(error)}`]),
      );
    });
    document.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** Loads the queue (keeping the reviewer's place) and the progress; called when the view shows. */
  async load(): Promise<void> {
    const ticket = ++this.loads;
    if (!this.reviewerLoaded) {
      this.reviewerLoaded = true;
      this.reviewer.value = await loadReviewer().catch(() => DEFAULT_REVIEWER);
    }
    try {
      const [queue, progress, status] = await Promise.all([
        this.dashboard.engine.reviewQueue({ limit: QUEUE_LIMIT }),
        this.dashboard.engine.reviewProgress(),
        this.dashboard.engine.status(),
      ]);
      if (ticket !== this.loads) return;
      if (!queue.ok) {
        this.dashboard.alerts.showError(describeError(queue.error));
        return;
      }
      this.datasets = new Map(status.datasets.map((d) => [d.id, d]));
      this.latest = progress;
      const hadPair = this.session.current !== null;
      this.session.merge(queue.value);
      this.render({ focus: false });
      if (!hadPair && this.session.current === null && status.model === null)
        this.empty.textContent =
          'Nothing to review yet: import both datasets and press Link on the overview.';
    } catch (error) {
      if (ticket === this.loads) this.dashboard.alerts.showError([messageOf(error)]);
    }
  }

  // ---- keyboard ----

  private onKey(event: KeyboardEvent): void {
    if (this.section.hidden || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const target = event.target;
    const typing =
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLElement && target.isContentEditable);
    if (typing) {
      if (event.key === 'Escape' && (target === this.reason || target === this.reviewer)) {
        event.preventDefault();
        this.focusPair();
      }
      return;
    }
    const action = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action || this.pair.hidden) return;
    event.preventDefault();
    if (action === 'next' || action === 'previous') this.move(action);
    else void this.decide(action);
  }

  // ---- actions ----

  private move(direction: 'next' | 'previous'): void {
    const moved = direction === 'next' ? this.session.next() : this.session.previous();
    if (!moved) {
      this.announce(
        direction === 'next' ? 'This is the last pair in the list.' : 'This is the first pair in the list.',
      );
      return;
    }
    this.reason.value = '';
    this.render({ focus: true });
    this.announce(this.position());
  }

  private async decide(decision: Decision): Promise<void> {
    const entry = this.session.current;
    if (!entry || this.busy) return;
    this.busy = true;
    this.section.setAttribute('aria-busy', 'true');
    const by = this.reviewer.value.trim() || DEFAULT_REVIEWER;
    const reason = this.reason.value.trim() || undefined;
    try {
      const outcome = await this.dashboard.engine.decide(
        entry.item.leftKey,
        entry.item.rightKey,
        decision,
        by,
        reason,
      );
      if (!outcome.ok) {
        this.dashboard.alerts.showError(describeError(outcome.error));
        return;
      }
      this.dashboard.alerts.clearError();
      const before = this.session.cursor;
      this.session.decide(decision, by);
      this.reason.value = '';
      this.latest = await this.dashboard.engine.reviewProgress().catch(() => this.latest);
      this.render({ focus: true });
      const moved = this.session.cursor !== before;
      this.announce(
        `Recorded: ${DECISION_LABELS[decision]}. ${moved ? this.position() : 'Every pair in this list is decided.'}`,
      );
      this.dashboard.report(`Decision recorded: ${DECISION_LABELS[decision].toLowerCase()}, by ${by}.`);
    } catch (error) {
      this.dashboard.alerts.showError([messageOf(error)]);
    } finally {
      this.busy = false;
      this.section.setAttribute('aria-busy', 'false');
    }
    await this.dashboard.refresh();
    // More pairs may be waiting beyond this visit's list.
    if (this.session.undecided === 0 && (this.latest?.open ?? 0) > 0) await this.load();
  }

  // ---- drawing ----

  private render({ focus }: { focus: boolean }): void {
    this.renderProgress();
    const entry = this.session.current;
    if (!entry) {
      this.pair.hidden = true;
      this.pair.dataset.pair = '';
      this.empty.hidden = false;
      this.empty.textContent =
        this.latest && this.latest.total > 0
          ? 'Every uncertain pair has a decision. New ones appear here after the next import or link.'
          : 'No pairs need review: every candidate pair is either a clear match or clearly not one.';
      if (focus) this.empty.focus();
      return;
    }
    this.empty.hidden = true;
    this.pair.hidden = false;
    const { item, decided } = entry;
    this.pair.dataset.pair = `${item.leftKey}|${item.rightKey}`;
    this.pair.dataset.decision = decided?.decision ?? '';
    this.heading.textContent = `Pair ${this.session.cursor + 1} of ${this.session.entries.length}: match probability ${(item.probability * 100).toFixed(1)}%`;
    this.facts.textContent = decided
      ? `Decided in this session: ${DECISION_LABELS[decided.decision]} (by ${decided.by}). Choose again to change it.`
      : `Match weight ${item.weight.toFixed(2)}. Not decided yet.`;
    this.facts.className = decided ? 'decided-note' : '';
    for (const decision of ['same', 'not_same', 'unsure'] as const)
      this.buttons[decision].setAttribute('aria-pressed', String(decided?.decision === decision));
    this.buttons.previous.disabled = this.session.cursor <= 0;
    this.buttons.next.disabled = this.session.cursor >= this.session.entries.length - 1;
    this.renderRecords(item);
    this.renderWaterfall(item);
    if (focus) this.focusPair();
  }

  private renderProgress(): void {
    const p = this.latest;
    if (!p || p.total === 0) {
      this.progress.textContent = 'No pairs are waiting for review.';
      return;
    }
    const reviewed = p.decided.same + p.decided.not_same + p.decided.unsure;
    const band = `match probability from ${Math.round(p.thresholds.lower * 100)}% to under ${Math.round(p.thresholds.upper * 100)}%`;
    this.progress.textContent =
      `${formatCount(reviewed)} of ${formatCount(p.total)} reviewed ` +
      `(${formatCount(p.decided.same)} same, ${formatCount(p.decided.not_same)} not the same, ${formatCount(p.decided.unsure)} unsure); ` +
      `${formatCount(p.open)} still to review. Pairs are uncertain when their ${band}.`;
  }

  private describeRecord(record: StoredRecord | null, side: string): string {
    if (!record) return `${side} (record not found)`;
    const dataset = this.datasets.get(record.datasetId);
    const where = dataset ? `${dataset.name}, row ${record.row}` : `row ${record.row}`;
    return `${side} ${record.recordId} (${where})`;
  }

  private renderRecords(item: ReviewItem): void {
    this.leftHeading.textContent = this.describeRecord(item.left, 'Prison release');
    this.rightHeading.textContent = this.describeRecord(item.right, 'Treatment record');
    const orders = {
      left: (item.left && this.datasets.get(item.left.datasetId)?.dateOrder) || 'auto',
      right: (item.right && this.datasets.get(item.right.datasetId)?.dateOrder) || 'auto',
    };
    const rows = compareRecords(item.left, item.right, orders).map((c) => {
      const row = document.createElement('tr');
      row.className = c.agreement;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = fieldLabel(c.field);
      const agreement = document.createElement('td');
      agreement.className = 'agreement';
      agreement.textContent = `${c.agreement === 'same' ? '=' : c.agreement === 'different' ? '\u2260' : '\u2013'} ${AGREEMENT_WORDS[c.agreement]}`;
      row.append(th, valueCell(c.left), valueCell(c.right), agreement);
      return row;
    });
    this.records.tBodies[0]!.replaceChildren(...rows);
  }

  private renderWaterfall(item: ReviewItem): void {
    const summary = document.createElement('p');
    summary.textContent =
      `Starting from the prior (how likely two records picked at random are the same person), each comparison ` +
      `adds or takes away weight; the final weight ${item.weight.toFixed(2)} gives the probability ` +
      `${(item.probability * 100).toFixed(1)}%. Solid bars add weight, hatched bars take it away.`;
    this.waterfall.replaceChildren(
      summary,
      waterfallChart(item),
      waterfallTable(item, 'review-waterfall-heading'),
    );
  }

  private position(): string {
    const entry = this.session.current;
    if (!entry) return '';
    const state = entry.decided
      ? `decided ${DECISION_LABELS[entry.decided.decision].toLowerCase()}`
      : 'not decided';
    return `Pair ${this.session.cursor + 1} of ${this.session.entries.length}, match probability ${(entry.item.probability * 100).toFixed(1)}%, ${state}.`;
  }

  /** Keeps focus on a control the user is on; otherwise puts it on the pair's heading. */
  private focusPair(): void {
    const active = document.activeElement;
    const onControl = active instanceof HTMLButtonElement && this.pair.contains(active) && !active.disabled;
    if (!onControl) (this.pair.hidden ? this.empty : this.heading).focus();
  }

  private announce(text: string): void {
    // Cleared first, so that the same words twice are announced twice.
    this.announcer.textContent = '';
    window.setTimeout(() => {
      this.announcer.textContent = text;
    }, 50);
  }
}

/** A value with the part that differs from the other record's marked (in text, not colour only). */
function valueCell(parts: Part[]): HTMLTableCellElement {
  const td = document.createElement('td');
  if (parts.length === 0) {
    td.textContent = '(empty)';
    return td;
  }
  for (const part of parts) {
    if (!part.differs) {
      td.append(part.text);
      continue;
    }
    const mark = document.createElement('mark');
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ' (differs: ';
    const end = document.createElement('span');
    end.className = 'visually-hidden';
    end.textContent = ')';
    mark.append(hidden, part.text, end);
    td.append(mark);
  }
  return td;
}

export function setUpReview(dashboard: Dashboard): void {
  const view = new ReviewView(dashboard);
  dashboard.views.onShow('review', () => void view.load());
}
