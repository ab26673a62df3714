import { describe, expect, it } from 'vitest';
import type { WorkspaceStatus } from '../../engine/api/engine-api';
import type { LookupQuery, LookupResult, Outcome } from '../../shared/workspace';
import { BadgeAnswerer } from './answer';

const found = (recordId: string): LookupResult => ({
  match: { key: `ds1/${recordId}`, datasetId: 'ds1', recordId, side: 'releases', probability: 1 },
  statuses: [
    {
      releaseKey: `ds1/${recordId}`,
      status: 'awaiting',
      releaseDate: '2026-11-14',
      daysSinceRelease: 9,
      daysToEngagement: null,
      windowDays: 21,
      handover: 'referral_before_release',
      needsReview: false,
      treatmentKey: null,
    },
  ],
  links: [
    {
      key: 'ds2/TR1',
      datasetId: 'ds2',
      recordId: 'TR1',
      side: 'treatment',
      probability: 0.8,
      decision: null,
    },
  ],
  duplicates: [],
});
const none: LookupResult = { match: null, statuses: [], links: [], duplicates: [] };

function fakeEngine(upper: number | null) {
  const batches: LookupQuery[][] = [];
  let statusCalls = 0;
  return {
    batches,
    statusCalls: () => statusCalls,
    async lookupBatch(queries: LookupQuery[]): Promise<Outcome<LookupResult[]>> {
      batches.push(queries);
      return {
        ok: true,
        value: queries.map((q) =>
          'recordId' in q ? (q.recordId === 'B1' ? found('B1') : none) : found('B2'),
        ),
      };
    },
    async status(): Promise<WorkspaceStatus> {
      statusCalls++;
      return { lastRun: upper === null ? null : { thresholds: { lower: 0.5, upper } } } as WorkspaceStatus;
    },
  };
}

describe('answering a batch of rows', () => {
  it('one lookup for the batch, one more only for unknown ids with shown values, labels out', async () => {
    const engine = fakeEngine(0.75);
    const answer = await new BadgeAnswerer(engine).answer([
      { ref: 'r1', query: { recordId: 'B1', side: 'releases' } },
      { ref: 'r2', query: { recordId: 'X9', side: 'releases' }, fallback: { fields: { fullName: 'A' } } },
      { ref: 'r3', query: { recordId: 'X8', side: 'releases' } },
    ]);
    expect(engine.batches).toHaveLength(2);
    expect(engine.batches[1]).toEqual([{ fields: { fullName: 'A' } }]);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.value.map((r) => r.ref)).toEqual(['r1', 'r2', 'r3']);
    // The run's own upper threshold (0.75) makes the 0.8 link an accepted one.
    expect(answer.value[0].badges.map((b) => b.label)).toEqual([
      'released 9 days ago, not yet engaged (day 9 of 21)',
      'likely same person as TR1 (p = 0.80)',
    ]);
    expect(answer.value[1].badges).toHaveLength(2);
    // An id nobody has, asked without its values: flagged, so the page asks again by its values.
    expect(answer.value[2]).toEqual({ ref: 'r3', badges: [], unknown: true });
    expect(answer.value[1].unknown).toBeUndefined();
    // Labels and tokens only: nothing else of the lookup result travels to the page.
    expect(Object.keys(answer.value[0])).toEqual(['ref', 'badges']);
    expect(JSON.stringify(answer.value)).not.toMatch(/probability|releaseDate|statuses|links/);
  });

  it('falls back to the default rule before any run, and reuses the thresholds for a while', async () => {
    const engine = fakeEngine(null);
    let now = 0;
    const answerer = new BadgeAnswerer(engine, () => now);
    const rows = [{ ref: 'r1', query: { recordId: 'B1' } }];
    const first = await answerer.answer(rows);
    // Default upper threshold 0.9: the 0.8 link is uncertain, and the release has no accepted link.
    expect(first.ok && first.value[0].badges.map((b) => b.kind)).toEqual(['awaiting', 'needs_review']);
    await answerer.answer(rows);
    expect(engine.statusCalls()).toBe(1);
    now = 60_000;
    await answerer.answer(rows);
    expect(engine.statusCalls()).toBe(2);
  });

  it('passes an engine failure on as it came', async () => {
    const failing = {
      lookupBatch: async (): Promise<Outcome<LookupResult[]>> => ({
        ok: false,
        error: { kind: 'not-ready', message: 'nothing imported yet' },
      }),
      status: async () => ({ lastRun: null }) as WorkspaceStatus,
    };
    expect(await new BadgeAnswerer(failing).answer([{ ref: 'r', query: { recordId: 'B1' } }])).toEqual({
      ok: false,
      error: { kind: 'not-ready', message: 'nothing imported yet' },
    });
  });
});
