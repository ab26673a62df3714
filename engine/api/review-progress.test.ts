import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../shared/workspace';
import { MemoryStore } from '../store';
import { synthesise, toCsv } from '../synth';
import { createEngine } from './engine';

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.value;
}

const UNCERTAIN = {
  treatmentNhs: 0.1,
  treatmentPrisonNumber: 0.05,
  forenameTypo: 0.3,
  surnameTypo: 0.3,
  dobDigit: 0.2,
  dobSwap: 0.2,
  moved: 0.5,
  lookalike: 0.1,
};

describe('reviewProgress', () => {
  it('counts the review band and the decisions in it, agreeing with the review queue', async () => {
    const engine = await createEngine(new MemoryStore(), { now: () => new Date('2026-11-01T09:00:00Z') });
    // Noisy treatment records (few shared identifiers, typos, moves) leave some pairs uncertain.
    const data = synthesise({ people: 400, treatment: 800, seed: 23, rates: UNCERTAIN });
    value(
      await engine.importDataset({ bytes: bytes(toCsv(data.releases)), fileName: 'r.csv', side: 'releases' }),
    );
    value(
      await engine.importDataset({
        bytes: bytes(toCsv(data.treatment)),
        fileName: 't.csv',
        side: 'treatment',
      }),
    );
    expect((await engine.reviewProgress()).total).toBe(0); // no model yet
    value(await engine.link({ seed: 1 }));
    const queue = value(await engine.reviewQueue({ limit: 100_000 }));
    const before = await engine.reviewProgress();
    expect(before.open).toBe(queue.length);
    expect(before.total).toBe(queue.length);
    expect(queue.length).toBeGreaterThan(1);
    const [first, second] = queue;
    value(await engine.decide(first.leftKey, first.rightKey, 'same', 'tester'));
    value(await engine.decide(second.leftKey, second.rightKey, 'unsure', 'tester'));
    const after = await engine.reviewProgress();
    expect(after.decided).toEqual({ same: 1, not_same: 0, unsure: 1 });
    expect(after.open).toBe(queue.length - 2);
    expect(after.total).toBe(queue.length);
  });
});
