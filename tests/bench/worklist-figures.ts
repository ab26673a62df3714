/** The figures of the worklist benchmark (worklist-job.ts), and how `npm run bench` prints them. */

export interface WorklistFigures {
  worklistRows: number;
  releases: number;
  /** From showing the view to the first worklist rows painted (names read from IndexedDB). */
  firstDrawMs: number;
  /** continuityReport() over the engine client, once made (the worker's copy and the clone). */
  reportWarmMs: number;
  /** Where the worker spent the first (cold) report's time. */
  reportStages: { stage: string; ms: number }[];
  scroll: {
    durationMs: number;
    frames: number;
    meanFps: number;
    /** The 95th-percentile frame time, i.e. the 5th-percentile frame rate. */
    p95FrameMs: number;
    worstFrameMs: number;
    /** Frames slower than 33.3 ms (under 30 fps). */
    framesUnder30Fps: number;
    rowsInDom: number;
    lastRowIndex: number;
  };
  search: {
    queries: string[];
    /** Round trip from the page to the worker and back (what the dashboard waits for). */
    workerMedianMs: number;
    workerMaxMs: number;
    /** The same search (same options, same distinct names) on the page's main thread. */
    pageIndexBuildMs: number;
    pageMedianMs: number;
    pageMaxMs: number;
    /** The search typed into the view: from the last keystroke to the rows drawn, debounce excluded. */
    uiMs: number;
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printWorklist(f: WorklistFigures): void {
  const line = (label: string, value: string, target = '') =>
    console.log(`  ${label.padEnd(40)} ${value.padStart(10)}${target ? `   ${target}` : ''}`);
  const s = f.scroll;
  console.log(
    `\nContinuity worklist in Chromium, ${fmt(f.worklistRows)} rows (${fmt(f.releases)} releases, engine worker over IndexedDB)`,
  );
  line('first draw of the worklist (cold)', `${fmt(f.firstDrawMs)} ms`);
  for (const st of f.reportStages) line(`  ${st.stage}`, `${fmt(st.ms)} ms`);
  line('report again (made, cloned to the page)', `${fmt(f.reportWarmMs)} ms`);
  line(
    `scroll through all rows in ${fmt(s.durationMs / 1000, 1)} s: mean`,
    `${fmt(s.meanFps, 1)} fps`,
    'target >= 30',
  );
  line('  95th-percentile frame time', `${fmt(s.p95FrameMs, 1)} ms`, `(${fmt(1000 / s.p95FrameMs, 1)} fps)`);
  line('  slowest frame', `${fmt(s.worstFrameMs, 1)} ms`);
  line('  frames under 30 fps', `${s.framesUnder30Fps} of ${s.frames}`);
  line('  rows in the DOM', `${s.rowsInDom}`);
  line(
    'name search in the worker, median',
    `${fmt(f.search.workerMedianMs)} ms`,
    `max ${fmt(f.search.workerMaxMs)} ms`,
  );
  line(
    '  same search on the page, median',
    `${fmt(f.search.pageMedianMs)} ms`,
    `max ${fmt(f.search.pageMaxMs)} ms, index ${fmt(f.search.pageIndexBuildMs)} ms`,
  );
  line(
    '  typed in the view to rows drawn',
    `${fmt(f.search.uiMs)} ms`,
    '(after the 200 ms pause for typing)',
  );
}
