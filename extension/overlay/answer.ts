/**
 * Answering the overlay's `badges` message, in the offscreen document: one engine lookup for the
 * whole batch (and one more for the rows whose id was unknown, by their shown values), then the
 * labels from shared/badges.ts. Only labels go back to the content script.
 */
import type { EngineApi } from '../../engine/api/engine-api';
import { DEFAULT_RULE } from '../../engine/continuity/rule';
import { type BadgeRequestRow, type BadgeThresholds, badgesFor, type RowBadges } from '../../shared/badges';
import { type LookupQuery, type Outcome, ok } from '../../shared/workspace';

type Engine = Pick<EngineApi, 'lookupBatch' | 'status'>;

/** How long the rule's thresholds are reused before the engine is asked again. */
const THRESHOLDS_TTL_MS = 5_000;

export class BadgeAnswerer {
  private thresholds: { value: Promise<BadgeThresholds>; at: number } | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly now: () => number = Date.now,
  ) {}

  async answer(rows: readonly BadgeRequestRow[]): Promise<Outcome<RowBadges[]>> {
    if (rows.length === 0) return ok([]);
    const [first, thresholds] = await Promise.all([
      this.engine.lookupBatch(rows.map((r) => r.query)),
      this.currentThresholds(),
    ]);
    if (!first.ok) return first;
    const results = first.value.slice();
    const retry: number[] = [];
    const fallbacks: LookupQuery[] = [];
    rows.forEach((row, i) => {
      if (results[i]?.match === null && row.fallback) {
        retry.push(i);
        fallbacks.push(row.fallback);
      }
    });
    if (fallbacks.length > 0) {
      const second = await this.engine.lookupBatch(fallbacks);
      if (second.ok)
        retry.forEach((i, k) => {
          results[i] = second.value[k];
        });
    }
    return ok(
      rows.map((row, i): RowBadges => {
        const result = results[i];
        if (!result?.match && 'recordId' in row.query && !row.fallback)
          return { ref: row.ref, badges: [], unknown: true };
        return { ref: row.ref, badges: result ? badgesFor(result, thresholds) : [] };
      }),
    );
  }

  /** The review thresholds the current results were computed with (the last run records them). */
  private currentThresholds(): Promise<BadgeThresholds> {
    const now = this.now();
    if (!this.thresholds || now - this.thresholds.at > THRESHOLDS_TTL_MS) {
      const value = this.engine.status().then(
        (status) => ({ upper: status.lastRun?.thresholds?.upper ?? DEFAULT_RULE.reviewThresholds.upper }),
        () => ({ upper: DEFAULT_RULE.reviewThresholds.upper }),
      );
      this.thresholds = { value, at: now };
    }
    return this.thresholds.value;
  }
}
