/**
 * The workspace benchmark's measurements, as one self-contained function: it runs the same in
 * Node (against an engine over the in-memory store) and in an extension page in Chromium
 * (against the real engine worker over IndexedDB, passed to page.evaluate), so the two sets of
 * figures measure the same calls. It may use only its arguments and globals.
 */
import type { EngineApi } from '../../engine/api/engine-api';
import type { LookupQuery } from '../../shared/workspace';

export interface WorkspaceInputs {
  releasesCsv: string;
  treatmentCsv: string;
  /** Weekly lists matched one after another; the median is reported. */
  weeklyCsvs: string[];
  lookupIds: string[];
  lookupRows: LookupQuery[];
}

export interface WorkspaceFigures {
  importReleasesMs: number;
  importTreatmentMs: number;
  linkMs: number;
  links: number;
  pairs: number;
  lookupP50Ms: number;
  lookupP95Ms: number;
  batchByIdMs: number;
  batchByFieldsMs: number;
  fieldMatches: number;
  /** The median weekly list: its time, and each list's. */
  incrementMs: number;
  incrementRuns: number[];
  /** Each list's stage times, in order. */
  incrementRunStages: { stage: string; ms: number }[][];
  incremental: boolean;
  /** Stage times of the link and of the increment, as the engine's run records them. */
  linkStages: { stage: string; ms: number }[];
  incrementStages: { stage: string; ms: number }[];
}

export async function measureWorkspace(
  engine: EngineApi,
  inputs: WorkspaceInputs,
): Promise<WorkspaceFigures> {
  const buffer = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
  const must = <T>(o: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!o.ok) throw new Error(o.error.message);
    return o.value;
  };
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const value = await work();
    return [value, performance.now() - t0];
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  const [, importReleasesMs] = await timed(async () =>
    must(
      await engine.importDataset({
        bytes: buffer(inputs.releasesCsv),
        fileName: 'releases.csv',
        side: 'releases',
      }),
    ),
  );
  const [, importTreatmentMs] = await timed(async () =>
    must(
      await engine.importDataset({
        bytes: buffer(inputs.treatmentCsv),
        fileName: 'treatment.csv',
        side: 'treatment',
      }),
    ),
  );
  const [linked, linkMs] = await timed(async () => must(await engine.link({ seed: 1 })));

  const single: number[] = [];
  for (const recordId of inputs.lookupIds) {
    const [, ms] = await timed(async () => must(await engine.lookup({ recordId })));
    single.push(ms);
  }
  single.sort((a, b) => a - b);
  const byId: number[] = [];
  const byFields: number[] = [];
  let fieldMatches = 0;
  for (let run = 0; run < 5; run++) {
    byId.push(
      (
        await timed(async () =>
          must(await engine.lookupBatch(inputs.lookupIds.map((recordId) => ({ recordId })))),
        )
      )[1],
    );
    const [found, ms] = await timed(async () => must(await engine.lookupBatch(inputs.lookupRows)));
    byFields.push(ms);
    fieldMatches = found.filter((f) => f.match !== null).length;
  }
  const importWeek = async (csv: string, w: number) =>
    must(
      await engine.importDataset({ bytes: buffer(csv), fileName: `weekly-${w + 1}.csv`, side: 'releases' }),
    );
  const weeks: { ms: number; summary: Awaited<ReturnType<typeof importWeek>> }[] = [];
  for (const [w, csv] of inputs.weeklyCsvs.entries()) {
    const [summary, ms] = await timed(() => importWeek(csv, w));
    weeks.push({ ms, summary });
  }
  const medianWeek = [...weeks].sort((a, b) => a.ms - b.ms)[Math.floor(weeks.length / 2)];
  const weekly = medianWeek.summary;
  const incrementMs = medianWeek.ms;
  return {
    importReleasesMs,
    importTreatmentMs,
    linkMs,
    links: linked.links,
    pairs: linked.pairs,
    lookupP50Ms: single[Math.floor(single.length * 0.5)],
    lookupP95Ms: single[Math.floor(single.length * 0.95)],
    batchByIdMs: median(byId),
    batchByFieldsMs: median(byFields),
    fieldMatches,
    incrementMs,
    incrementRuns: weeks.map((w) => w.ms),
    incrementRunStages: weeks.map((w) => w.summary.run.timings),
    incremental: weeks.every((w) => w.summary.incremental),
    linkStages: linked.run.timings,
    incrementStages: weekly.run.timings,
  };
}
