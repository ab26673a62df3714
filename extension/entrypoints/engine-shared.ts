/**
 * The engine, as one SharedWorker for the whole extension (built to /engine-shared.js). Every
 * extension page and the offscreen document connect to this one instance, so there is one
 * in-memory match index and one writer of IndexedDB. A WXT unlisted script rather than a Vite
 * `new URL(..., import.meta.url)` worker, because only this form also loads under `wxt dev`.
 */
import * as Comlink from 'comlink';
import { createEngine } from '../../engine/api/engine';
import type { EngineApi } from '../../engine/api/engine-api';
import { DexieStore } from '../../engine/store';
import { ENGINE_ALIVE_LOCK, ENGINE_READY } from '../engine/names';

/** The part of SharedWorkerGlobalScope used here (the project's `lib` is DOM, not WebWorker). */
interface SharedWorkerScope {
  addEventListener(type: 'connect', listener: (event: MessageEvent) => void): void;
}

/**
 * Stands in for the engine while the database cannot be opened (blocked by another version,
 * storage disabled): each call tries to open it again, and says why when it still cannot.
 */
function reopening(open: () => Promise<EngineApi>): EngineApi {
  return new Proxy({} as EngineApi, {
    get: (_target, property) => {
      if (typeof property !== 'string') return undefined;
      return async (...args: unknown[]) => {
        const api = await open();
        const method = api[property as keyof EngineApi] as (...a: unknown[]) => unknown;
        return method(...args);
      };
    },
  });
}

export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as SharedWorkerScope;

  // Held until this worker dies; clients queue for it to learn that (see ENGINE_ALIVE_LOCK).
  const holdingLock = new Promise<void>((held) => {
    void navigator.locks.request(ENGINE_ALIVE_LOCK, () => {
      held();
      return new Promise<never>(() => {});
    });
  });

  // Opened once and shared by every connection; after a failed open, the next call tries again.
  let engine: Promise<EngineApi> | null = null;
  const getEngine = (): Promise<EngineApi> => {
    if (!engine) {
      // After a restart the match index is rebuilt in the background (a few seconds after the
      // first page connects), so the next weekly list is matched incrementally.
      engine = DexieStore.open().then((store) =>
        createEngine(store, { warmUpAfterMs: 2000, retentionCheckEveryMs: 3_600_000 }),
      );
      engine.catch(() => {
        engine = null;
      });
    }
    return engine;
  };

  async function serve(port: MessagePort): Promise<void> {
    await holdingLock;
    port.postMessage({ type: ENGINE_READY });
    // Calls sent before this point wait in the port, which is not started until `expose`.
    const api = await getEngine().catch(() => reopening(getEngine));
    Comlink.expose(api, port);
  }

  scope.addEventListener('connect', (event) => {
    const [port] = event.ports;
    if (port) void serve(port);
  });
});
