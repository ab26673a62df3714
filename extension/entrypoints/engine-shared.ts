/**
 * The engine, as one SharedWorker for the whole extension (built to /engine-shared.js). Every
 * extension page and the offscreen document connect to this one instance, so there is one
 * in-memory match index and one writer of IndexedDB. A WXT unlisted script rather than a Vite
 * `new URL(..., import.meta.url)` worker, because only this form also loads under `wxt dev`.
 *
 * Comparing in parallel: Chromium gives a SharedWorker no `Worker` constructor, so the engine's
 * compare workers are dedicated workers started by its clients. Each client that can start one
 * (extension pages, the offscreen document) offers itself as a starter on its connection
 * (EngineClient); the PortWorkerHost installed here asks one of them for each worker and talks
 * to the worker over a MessagePort (engine/parallel/port-host.ts). While no starter is offered,
 * no host is installed and the engine compares in its own thread, as it did before.
 */
import * as Comlink from 'comlink';
import { createEngine } from '../../engine/api/engine';
import type { EngineApi } from '../../engine/api/engine-api';
import { setWorkerHost } from '../../engine/parallel/host';
import { isStarterOffer, PortWorkerHost } from '../../engine/parallel/port-host';
import { DexieStore } from '../../engine/store';
import { type EngineDiagnostics, engineDiagnostics } from '../engine/diagnostics';
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

/** The engine and the diagnostics beside it, as one object for Comlink (EngineClient's remote). */
function withDiagnostics(api: EngineApi, diagnostics: EngineDiagnostics): EngineApi & EngineDiagnostics {
  return new Proxy(api as EngineApi & EngineDiagnostics, {
    get: (target, property, receiver) =>
      Object.hasOwn(diagnostics, property)
        ? diagnostics[property as keyof EngineDiagnostics]
        : Reflect.get(target, property, receiver),
  });
}

/**
 * The port as Comlink sees it: without the starters' offers, which `serve` takes (Comlink would
 * otherwise answer each with an empty reply).
 */
function withoutOffers(port: MessagePort): Comlink.Endpoint {
  const filtered = new Map<EventListenerOrEventListenerObject, EventListener>();
  return {
    postMessage: (message: unknown, transfer?: Transferable[]) => port.postMessage(message, transfer ?? []),
    addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      const only: EventListener = (event) => {
        if (isStarterOffer((event as MessageEvent).data)) return;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      filtered.set(listener, only);
      port.addEventListener(type, only);
    },
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      port.removeEventListener(type, filtered.get(listener) ?? listener);
      filtered.delete(listener);
    },
    start: () => port.start(),
  };
}

export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as SharedWorkerScope;

  // Compare workers, started for this worker by the pages connected to it (see above).
  const workers: PortWorkerHost = new PortWorkerHost({
    onAvailability: (available) => setWorkerHost(available ? workers : null),
  });
  setWorkerHost(null);
  const diagnostics = engineDiagnostics(workers);

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
    // A starter's offer, sent with its port when the client connected, waits in the port too.
    port.addEventListener('message', (event) => {
      const [starterPort] = event.ports;
      if (isStarterOffer(event.data) && starterPort) workers.addStarter(event.data, starterPort);
    });
    Comlink.expose(withDiagnostics(api, diagnostics), withoutOffers(port));
  }

  scope.addEventListener('connect', (event) => {
    const [port] = event.ports;
    if (port) void serve(port);
  });
});
