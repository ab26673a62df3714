import { beforeAll, describe, expect, it } from 'vitest';
import { type NormalisedTable, selectRows } from '../normalise';
import type { PairDecision } from '../review';
import { synthesise, toCsv } from '../synth';
import { csvTable } from '../testing/csv-table';
import { extendLinkage, type LinkageResult, runLinkage } from './linkage';
import { CancelledError } from './progress';

/** Every pair as "left|right" with its weight, and every cluster as its sorted member ids. */
function summary(r: LinkageResult) {
  const pairs = new Map<string, number>();
  for (let p = 0; p < r.pairs.count; p++)
    pairs.set(`${r.frame.ids[r.pairs.left[p]]}|${r.frame.ids[r.pairs.right[p]]}`, r.predictions.weights[p]);
  const members = new Map<number, string[]>();
  r.frame.ids.forEach((id, i) => {
    const c = r.clusters.clusterOf[i];
    members.set(c, [...(members.get(c) ?? []), id]);
  });
  const clusters = [...members.values()].map((m) => m.sort().join(',')).sort();
  const links = [...pairs.keys()].filter((_, p) => r.isLink(p)).sort();
  return { pairs, clusters, links };
}

function expectSameResult(incremental: LinkageResult, full: LinkageResult) {
  const a = summary(incremental);
  const b = summary(full);
  expect(a.pairs.size).toBe(b.pairs.size);
  for (const [key, weight] of b.pairs) {
    expect(a.pairs.has(key), key).toBe(true);
    expect(a.pairs.get(key)).toBeCloseTo(weight, 9);
  }
  expect(a.links).toEqual(b.links);
  expect(a.clusters).toEqual(b.clusters);
}

describe('incremental matching', () => {
  let releases: NormalisedTable;
  let treatment: NormalisedTable;
  let model: LinkageResult['model'];

  beforeAll(async () => {
    const data = synthesise({ people: 400, treatment: 1200, seed: 7 });
    releases = await csvTable('releases.csv', toCsv(data.releases));
    treatment = await csvTable('treatment.csv', toCsv(data.treatment));
    model = (await runLinkage([releases, treatment], { seed: 1 })).model;
  });

  const rows = (n: number, from = 0) => Array.from({ length: n - from }, (_, i) => i + from);

  it('adding a weekly release list equals a full run on all the data', async () => {
    const before = selectRows(releases, rows(releases.n - 50));
    const previous = await runLinkage([before, treatment], { model });
    const fresh = new Set(releases.ids.slice(releases.n - 50));
    const incremental = await extendLinkage(previous, [releases, treatment], fresh);
    const full = await runLinkage([releases, treatment], { model });
    expect(incremental.pairs.count).toBeGreaterThan(previous.pairs.count);
    expectSameResult(incremental, full);
  });

  it('new treatment records, a changed record and a removed record also equal a full run', async () => {
    // Before: treatment without its last 100 rows, and with row 0 as it was before an edit.
    const edited = selectRows(treatment, rows(treatment.n));
    edited.surname[0] = 'ZZEDITED';
    edited.surnamesAll[0] = ['ZZEDITED'];
    const beforeTreatment = selectRows(edited, rows(treatment.n - 100));
    // Now: release 3 is gone, treatment row 0 carries its real values, 100 rows are new.
    const nowReleases = selectRows(releases, [...rows(3), ...rows(releases.n, 4)]);
    const previous = await runLinkage([releases, beforeTreatment], { model });
    const fresh = new Set([treatment.ids[0], ...treatment.ids.slice(treatment.n - 100)]);
    const incremental = await extendLinkage(previous, [nowReleases, treatment], fresh);
    const full = await runLinkage([nowReleases, treatment], { model });
    expectSameResult(incremental, full);
    expect([...summary(incremental).pairs.keys()].some((k) => k.startsWith(`${releases.ids[3]}|`))).toBe(
      false,
    );
  });

  it('clerical decisions hold after an increment, including a pair blocking never produced', async () => {
    const full0 = await runLinkage([releases, treatment], { model });
    // A strong link to reject, and a pair that no rule produced, to accept.
    let strong = 0;
    while (!full0.isLink(strong)) strong++;
    const produced = new Set(summary(full0).pairs.keys());
    const unrelated = treatment.ids.find((t) => !produced.has(`${releases.ids[0]}|${t}`)) as string;
    const decisions: PairDecision[] = [
      {
        leftId: full0.frame.ids[full0.pairs.left[strong]],
        rightId: full0.frame.ids[full0.pairs.right[strong]],
        decision: 'not_same',
        by: 'test',
        reason: '',
        decidedAt: '2026-11-01',
      },
      {
        leftId: releases.ids[0],
        rightId: unrelated,
        decision: 'same',
        by: 'test',
        reason: '',
        decidedAt: '2026-11-01',
      },
    ];
    const before = selectRows(releases, rows(releases.n - 20));
    const previous = await runLinkage([before, treatment], { model, decisions });
    const incremental = await extendLinkage(
      previous,
      [releases, treatment],
      new Set(releases.ids.slice(-20)),
      {
        decisions,
      },
    );
    const full = await runLinkage([releases, treatment], { model, decisions });
    expectSameResult(incremental, full);
    const links = summary(incremental).links;
    expect(links).toContain(`${releases.ids[0]}|${unrelated}`);
    expect(links).not.toContain(`${decisions[0].leftId}|${decisions[0].rightId}`);
  });

  it('a cancelled run stops at its next checkpoint with a CancelledError', async () => {
    const controller = new AbortController();
    const run = runLinkage([releases, treatment], { model, signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});
