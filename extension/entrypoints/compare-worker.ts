/**
 * A compare worker (built to /compare-worker.js): a dedicated worker that an extension page or
 * the offscreen document starts when the engine's SharedWorker asks (Chromium gives a
 * SharedWorker no `Worker` of its own). It serves the compare kernel over Comlink on the port it
 * is handed, which leads straight to the engine, as engine/parallel/node-worker.ts does in Node.
 * A WXT unlisted script, like the engine, so it also loads under `wxt dev`; built with the same
 * ASCII output as every other script (wxt.config.ts).
 */
import { serveCompareWorker } from '../../engine/parallel/port-host';

export default defineUnlistedScript(() => {
  serveCompareWorker(globalThis as unknown as Parameters<typeof serveCompareWorker>[0]);
});
