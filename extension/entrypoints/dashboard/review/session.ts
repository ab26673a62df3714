/**
 * The pairs a reviewer works through in one visit: the engine's queue as it was when the view
 * opened, kept in order with the decisions made here, so that "previous" goes back to a pair just
 * decided (to see or change it) and a refresh of the queue never moves the reviewer's place.
 */
import type { ReviewItem } from '../../../../engine/api/engine-api';
import type { Decision } from '../../../../shared/workspace';

export interface SessionEntry {
  item: ReviewItem;
  /** The decision made in this session, if any. */
  decided: { decision: Decision; by: string } | null;
}

const keyOf = (item: ReviewItem): string => `${item.leftKey}\u0000${item.rightKey}`;

export class ReviewSession {
  entries: SessionEntry[] = [];
  /** Index of the pair shown; -1 when there is none. */
  cursor = -1;

  get current(): SessionEntry | null {
    return this.entries[this.cursor] ?? null;
  }

  /**
   * Takes the engine's queue (undecided pairs, most urgent first). Pairs decided here stay where
   * they are; undecided ones that left the queue (decided elsewhere, or no longer uncertain) go,
   * unless shown; new ones are added at the end. The pair shown stays shown.
   */
  merge(queue: readonly ReviewItem[]): void {
    const shown = this.current;
    const inQueue = new Map(queue.map((item) => [keyOf(item), item]));
    const kept = this.entries
      .filter((e) => e.decided !== null || e === shown || inQueue.has(keyOf(e.item)))
      .map((e) =>
        e.decided === null && inQueue.has(keyOf(e.item)) ? { ...e, item: inQueue.get(keyOf(e.item))! } : e,
      );
    const known = new Set(kept.map((e) => keyOf(e.item)));
    for (const item of queue) if (!known.has(keyOf(item))) kept.push({ item, decided: null });
    this.entries = kept;
    const shownKey = shown ? keyOf(shown.item) : null;
    const at = shownKey === null ? -1 : kept.findIndex((e) => keyOf(e.item) === shownKey);
    this.cursor = at >= 0 ? at : this.firstUndecided(0);
  }

  /** Records a decision on the pair shown, then moves to the next undecided pair (if any). */
  decide(decision: Decision, by: string): void {
    const entry = this.current;
    if (!entry) return;
    entry.decided = { decision, by };
    const next = this.firstUndecided(this.cursor + 1);
    if (next >= 0) this.cursor = next;
  }

  next(): boolean {
    if (this.cursor + 1 >= this.entries.length) return false;
    this.cursor++;
    return true;
  }

  previous(): boolean {
    if (this.cursor <= 0) return false;
    this.cursor--;
    return true;
  }

  get undecided(): number {
    return this.entries.filter((e) => e.decided === null).length;
  }

  /**
   * The first undecided pair at or after `from`, wrapping round; when all are decided, the pair
   * before `from` (the one just decided); -1 when there are none.
   */
  private firstUndecided(from: number): number {
    const n = this.entries.length;
    for (let step = 0; step < n; step++) {
      const i = (from + step) % n;
      if (this.entries[i].decided === null) return i;
    }
    return n > 0 ? Math.min(Math.max(from - 1, 0), n - 1) : -1;
  }
}
