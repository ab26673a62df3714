import * as Comlink from 'comlink';
import { compareWorker } from './compare-worker';
import type { WorkerHandle, WorkerHost } from './pool';

/**
 * Workers for a context that cannot start any: Chromium gives a SharedWorker (the browser engine)
 * no `Worker` constructor. A context that can, an extension page or the offscreen document,
 * offers itself as a *starter* over a MessagePort (`workerStarter`). `spawn` asks a starter for a
 * dedicated worker and hands it one end of a fresh MessageChannel; the host keeps the other end,
 * which is the pool's endpoint, so the worker answers the host directly over Comlink, and the
 * starter only starts and stops workers.
 *
 * Deaths are learnt through Web Locks, as the engine's clients learn of the engine's own
 * (extension/engine/names.ts, ENGINE_ALIVE_LOCK): each worker holds a lock of its own for its
 * whole life and each starter holds one for its own, and the host queues for them; the browser
 * grants the host's request only once the holder has gone (terminated, crashed, or its page
 * closed). A worker that never reports ready is given up after `readyTimeoutMs`.
 *
 * Everything here is plain web platform (MessageChannel, Worker, navigator.locks), so it sits in
 * the engine; the extension only says which script a worker runs and carries a starter's offer
 * to the engine's SharedWorker.
 */

/** The host asks a starter to start a worker (with one port of the channel) or stop one. */
type ToStarter = { type: 'start'; id: string; lock: string } | { type: 'stop'; id: string };
/** A starter reports a worker that failed to start or raised an error, and a stop done. */
type FromStarter = { type: 'failed'; id: string; message: string } | { type: 'stopped'; id: string };

/** The message (with the port to serve in `ports`) that makes a dedicated worker serve the host. */
const SERVE = 'throughline-compare-worker-serve';
/** Posted by a worker on its port once it holds its lock, before any Comlink answer. */
const READY = 'throughline-compare-worker-ready';
const OFFER = 'throughline-worker-starter';

/** What a starter sends, with its MessagePort transferred, to offer itself to a host. */
export interface StarterOffer {
  type: typeof OFFER;
  /** The Web Lock the starter holds while it lives. */
  lock: string;
  /** Chosen before any other starter (the offscreen document, which outlives the pages). */
  preferred: boolean;
}

export function isStarterOffer(data: unknown): data is StarterOffer {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === OFFER &&
    typeof (data as { lock?: unknown }).lock === 'string'
  );
}

const messageType = (data: unknown): unknown =>
  typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;

const uuid = (): string => globalThis.crypto.randomUUID();

type WorkerState = 'starting' | 'ready' | 'stopped' | 'died';

/** One worker a host started, for diagnostics and tests. */
export interface PortWorkerRecord {
  id: string;
  state: WorkerState;
  /** Comlink answers received from it (one a call: the frame's load, then one a chunk). */
  answered: number;
  error?: string;
}

export interface PortWorkerHostStatus {
  /** Starters offered and alive now. */
  starters: number;
  /** Workers started since this host was made. */
  started: number;
  /** The most recent workers (at most 32), oldest first. */
  workers: PortWorkerRecord[];
}

export interface PortWorkerHostOptions {
  locks?: LockManager;
  /** Logical processors; navigator.hardwareConcurrency by default. */
  parallelism?: () => number;
  /** A worker that has not taken its lock by then is given up (default 30 s). */
  readyTimeoutMs?: number;
  /** `terminate` resolves at the latest after this, whether or not the starter confirmed (5 s). */
  stopTimeoutMs?: number;
  /** Called when the host gains its first starter (true) or loses its last (false). */
  onAvailability?: (available: boolean) => void;
}

interface Starter {
  port: MessagePort;
  preferred: boolean;
  gone: boolean;
  /** Its workers not yet dead, by id: what to tell when a report or the starter's end comes. */
  workers: Map<string, LiveWorker>;
  withdraw: AbortController;
}

interface LiveWorker {
  die(error: Error): void;
  stopped(): void;
}

const KEPT_RECORDS = 32;

export class PortWorkerHost implements WorkerHost {
  private readonly starters: Starter[] = [];
  private readonly records: PortWorkerRecord[] = [];
  private started = 0;
  private readonly locks: LockManager;
  private readonly options: PortWorkerHostOptions;

  constructor(options: PortWorkerHostOptions = {}) {
    this.options = options;
    this.locks = options.locks ?? globalThis.navigator.locks;
  }

  /** True while some starter can start a worker. */
  get available(): boolean {
    return this.starters.length > 0;
  }

  parallelism(): number {
    return this.options.parallelism?.() ?? Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
  }

  status(): PortWorkerHostStatus {
    return {
      starters: this.starters.length,
      started: this.started,
      workers: this.records.map((r) => ({ ...r })),
    };
  }

  /**
   * Takes a starter's offer (the message and the port that came with it). The starter counts from
   * now until its lock is granted to this host, that is until its page has gone.
   */
  addStarter(offer: StarterOffer, port: MessagePort): void {
    const starter: Starter = {
      port,
      preferred: offer.preferred,
      gone: false,
      workers: new Map(),
      withdraw: new AbortController(),
    };
    port.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as FromStarter;
      const worker = starter.workers.get(data?.id);
      if (!worker) return;
      if (data.type === 'failed') worker.die(new Error(data.message));
      else if (data.type === 'stopped') worker.stopped();
    });
    port.start();
    const wasAvailable = this.available;
    this.starters.push(starter);
    if (!wasAvailable) this.options.onAvailability?.(true);
    this.locks
      .request(offer.lock, { signal: starter.withdraw.signal }, () => this.removeStarter(starter))
      .catch(() => {}); // AbortError: withdrawn by close()
  }

  /** Lets go of every starter (their workers are stopped by `close` of each pool, or their page). */
  close(): void {
    for (const starter of [...this.starters]) this.removeStarter(starter);
  }

  private removeStarter(starter: Starter): void {
    if (starter.gone) return;
    starter.gone = true;
    starter.withdraw.abort();
    const at = this.starters.indexOf(starter);
    if (at >= 0) this.starters.splice(at, 1);
    for (const worker of [...starter.workers.values()])
      worker.die(new Error('the page that started it has closed'));
    starter.port.close();
    if (!this.available) this.options.onAvailability?.(false);
  }

  /** The preferred starter if one is offered, else the one that offered last. */
  private pick(): Starter | undefined {
    return this.starters.find((s) => s.preferred) ?? this.starters.at(-1);
  }

  spawn(): WorkerHandle {
    const starter = this.pick();
    if (!starter) throw new Error('No page is open that can start a worker.');
    const id = String(++this.started);
    const lock = `throughline-compare-worker:${uuid()}`;
    const record: PortWorkerRecord = { id, state: 'starting', answered: 0 };
    this.records.push(record);
    if (this.records.length > KEPT_RECORDS) this.records.shift();

    const channel = new MessageChannel();
    const endpoint = channel.port2;
    const listeners: ((error: Error) => void)[] = [];
    const watch = new AbortController();
    let death: Error | null = null;
    /** Set by terminate: the death that follows is the stop asked for, not a failure. */
    let stopping = false;
    let markEnded = (): void => {};
    const ended = new Promise<void>((resolve) => {
      markEnded = resolve;
    });
    const end = (): void => {
      watch.abort();
      clearTimeout(readyTimer);
      starter.workers.delete(id);
      markEnded();
    };
    const die = (error: Error): void => {
      if (death) return;
      death = error;
      if (stopping) record.state = 'stopped';
      else {
        record.state = 'died';
        record.error = error.message;
      }
      end();
      for (const listener of listeners) listener(error);
    };
    const readyTimeoutMs = this.options.readyTimeoutMs ?? 30_000;
    const readyTimer = setTimeout(
      () => die(new Error(`it did not start within ${readyTimeoutMs / 1000} s`)),
      readyTimeoutMs,
    );

    endpoint.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as { id?: unknown } | null;
      if (data?.id) record.answered++;
      else if (messageType(data) === READY && record.state === 'starting') {
        record.state = 'ready';
        clearTimeout(readyTimer);
        // The worker holds its lock now, so this request is granted only once the worker is gone.
        this.locks
          .request(lock, { signal: watch.signal }, () => die(new Error('the worker stopped')))
          .catch(() => {}); // AbortError: it ended otherwise first
      }
    });
    endpoint.start();
    starter.workers.set(id, {
      die,
      stopped: () => die(new Error('the worker was terminated')),
    });
    starter.port.postMessage({ type: 'start', id, lock } satisfies ToStarter, [channel.port1]);

    const stopTimeoutMs = this.options.stopTimeoutMs ?? 5_000;
    return {
      endpoint,
      terminate: async () => {
        if (!death) stopping = true;
        if (!death && !starter.gone) {
          starter.port.postMessage({ type: 'stop', id } satisfies ToStarter);
          let timer: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, stopTimeoutMs)))]);
          clearTimeout(timer);
        }
        if (!death) die(new Error('the worker was terminated'));
        endpoint.close();
      },
      onDeath(listener) {
        if (death) listener(death);
        else listeners.push(listener);
      },
    };
  }
}

/** A context that can start workers, offering itself to a host (see `workerStarter`). */
export interface WorkerStarter {
  /** The offer and the port to transfer with it, once this context holds its lock. */
  offered: Promise<{ offer: StarterOffer; port: MessagePort }>;
  /** Workers this starter has running now. */
  readonly running: number;
  /** Terminates every worker it started and withdraws the offer (the host learns it at once). */
  close(): void;
}

/**
 * Makes this context (one with `Worker`) a starter for a host elsewhere: each `start` it is sent
 * starts a dedicated worker running `scriptUrl` (which calls `serveCompareWorker`) and hands it
 * the port that came with the request; `stop` terminates it.
 */
export function workerStarter(
  scriptUrl: string,
  {
    preferred = false,
    locks = globalThis.navigator.locks,
  }: { preferred?: boolean; locks?: LockManager } = {},
): WorkerStarter {
  const channel = new MessageChannel();
  const port = channel.port1;
  const workers = new Map<string, Worker>();
  const lock = `throughline-worker-starter:${uuid()}`;
  let release = (): void => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const offered = new Promise<{ offer: StarterOffer; port: MessagePort }>((resolve, reject) => {
    locks
      .request(lock, () => {
        resolve({ offer: { type: OFFER, lock, preferred }, port: channel.port2 });
        return released;
      })
      .catch(reject);
  });
  offered.catch(() => {}); // no Web Locks: the host never hears of this starter

  const report = (message: FromStarter) => port.postMessage(message);
  const stop = (id: string) => {
    workers.get(id)?.terminate();
    workers.delete(id);
  };
  port.addEventListener('message', (event: MessageEvent) => {
    const request = event.data as ToStarter;
    if (request?.type === 'stop') {
      stop(request.id);
      report({ type: 'stopped', id: request.id });
      return;
    }
    if (request?.type !== 'start') return;
    const { id } = request;
    const [workerPort] = event.ports;
    try {
      const worker = new Worker(scriptUrl, { name: `throughline compare worker ${id}` });
      workers.set(id, worker);
      // Not fatal in a browser, but the pool treats it so (as an uncaught error ends a Node worker).
      worker.addEventListener('error', (error: ErrorEvent) => {
        error.preventDefault();
        stop(id);
        report({
          type: 'failed',
          id,
          message: error.message || 'the worker failed to load or raised an error',
        });
      });
      worker.postMessage({ type: SERVE, lock: request.lock }, [workerPort]);
    } catch (error) {
      report({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
    }
  });
  port.start();

  return {
    offered,
    get running() {
      return workers.size;
    },
    close() {
      for (const id of [...workers.keys()]) stop(id);
      release();
      port.close();
    },
  };
}

/** The part of a dedicated worker's global scope used here. */
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * The dedicated worker's side: waits for the starter's message, takes the lock the host named,
 * reports ready on the port it was given, and serves the compare kernel there over Comlink
 * (`compareWorker`, as node-worker.ts does in Node).
 */
export function serveCompareWorker(
  scope: WorkerScope,
  locks: LockManager = globalThis.navigator.locks,
): void {
  scope.addEventListener('message', (event) => {
    const data = event.data as { type?: unknown; lock?: unknown } | null;
    const [port] = event.ports;
    if (data?.type !== SERVE || typeof data.lock !== 'string' || !port) return;
    void locks.request(data.lock, () => {
      port.postMessage({ type: READY });
      Comlink.expose(compareWorker(), port);
      return new Promise<never>(() => {}); // held until this worker ends
    });
  });
}
