import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runLinkage } from '../api/linkage';
import type { NormalisedTable } from '../normalise';
import { synthesise, toCsv } from '../synth';
import { csvTable } from '../testing/csv-table';
import { compareInParallel } from './compare';
import type { CompareWorkerApi } from './compare-worker';
import { nodeWorkerHost, setWorkerHost, workerHost } from './host';
import { WorkerPool } from './pool';
import {
  isStarterOffer,
  PortWorkerHost,
  serveCompareWorker,
  type WorkerStarter,
  workerStarter,
} from './port-host';

/**
 * The browser's host in one Node thread: MessageChannels are Node's (the same API), Web Locks
 * and `Worker` are stand-ins. A stand-in worker serves the compare kernel with serveCompareWorker
 * on the port it is given, in this thread; terminating it closes its port and lets go of its
 * locks, as the browser does when a worker ends. The real thing, in Chromium, is
 * tests/e2e/parallel.test.ts.
 */

type Grant = () => void;

/** Exclusive Web Locks for several contexts of one origin. */
class Locks {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, Grant[]>();

  /** One context's LockManager; `drop` lets go of what it holds, as when the context ends. */
  context(): LockManager & { drop(): void } {
    const releases = new Set<() => void>();
    const request = (
      name: string,
      a: LockOptions | LockGrantedCallback<unknown>,
      b?: LockGrantedCallback<unknown>,
    ): Promise<unknown> => {
      const [options, callback] = typeof a === 'function' ? [{} as LockOptions, a] : [a, b!];
      const { signal } = options;
      return new Promise((resolve, reject) => {
        const abortError = () => new DOMException('The request was aborted.', 'AbortError');
        if (signal?.aborted) return reject(abortError());
        const grant: Grant = () => {
          signal?.removeEventListener('abort', onAbort);
          this.held.add(name);
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            releases.delete(release);
            this.held.delete(name);
            this.queues.get(name)?.shift()?.();
          };
          releases.add(release);
          Promise.resolve()
            .then(() => callback({ name, mode: 'exclusive' } as Lock))
            .then(
              (value) => {
                release();
                resolve(value);
              },
              (error) => {
                release();
                reject(error);
              },
            );
        };
        const onAbort = () => {
          const queue = this.queues.get(name) ?? [];
          const at = queue.indexOf(grant);
          if (at >= 0) queue.splice(at, 1);
          reject(abortError());
        };
        if (!this.held.has(name)) grant();
        else {
          this.queues.set(name, [...(this.queues.get(name) ?? []), grant]);
          signal?.addEventListener('abort', onAbort);
        }
      });
    };
    return {
      request: request as LockManager['request'],
      query: async () => ({ held: [], pending: [] }),
      drop: () => {
        for (const release of [...releases]) release();
      },
    };
  }
}

let locks: Locks;

/** Stand-in for a dedicated worker (see above). Scripts: 'compare' serves; 'silent' never answers; 'missing' fails to load. */
class StandInWorker {
  static started: StandInWorker[] = [];
  private readonly locks = locks.context();
  private onMessage: ((event: MessageEvent) => void) | null = null;
  private readonly onError: ((event: ErrorEvent) => void)[] = [];
  private port: MessagePort | null = null;

  constructor(readonly url: string) {
    StandInWorker.started.push(this);
    if (url === 'compare')
      serveCompareWorker(
        {
          addEventListener: (_type, listener) => {
            this.onMessage = listener;
          },
        },
        this.locks,
      );
    if (url === 'missing')
      setTimeout(() => {
        const event = { message: 'the script could not be loaded', preventDefault() {} } as ErrorEvent;
        for (const listener of this.onError) listener(event);
      });
  }

  addEventListener(_type: 'error', listener: (event: ErrorEvent) => void): void {
    this.onError.push(listener);
  }

  postMessage(data: unknown, transfer: MessagePort[]): void {
    this.port = transfer[0];
    setTimeout(() => this.onMessage?.({ data, ports: transfer } as unknown as MessageEvent));
  }

  /** What the browser does when a worker ends, however it ends. */
  terminate(): void {
    this.port?.close();
    this.locks.drop();
  }
}

let treatment: NormalisedTable;
const realWorker = (globalThis as { Worker?: unknown }).Worker;

beforeAll(async () => {
  (globalThis as { Worker?: unknown }).Worker = StandInWorker;
  const data = synthesise({ people: 1_000, treatment: 5_000, seed: 9 });
  treatment = await csvTable('treatment.csv', toCsv(data.treatment));
});

afterAll(() => {
  (globalThis as { Worker?: unknown }).Worker = realWorker;
  setWorkerHost(nodeWorkerHost());
});

const opened: { host: PortWorkerHost; starter: WorkerStarter }[] = [];

/** A host with one starter whose workers run `script`, offered as a page offers itself. */
async function hostWithStarter(script = 'compare', options: { readyTimeoutMs?: number } = {}) {
  locks = new Locks();
  StandInWorker.started = [];
  const availability: boolean[] = [];
  const host = new PortWorkerHost({
    locks: locks.context(),
    parallelism: () => 2,
    onAvailability: (available) => availability.push(available),
    ...options,
  });
  const starter = workerStarter(script, { locks: locks.context() });
  const { offer, port } = await starter.offered;
  expect(isStarterOffer(offer)).toBe(true);
  host.addStarter(offer, port);
  opened.push({ host, starter });
  return { host, starter, availability };
}

afterEach(() => {
  for (const { host, starter } of opened.splice(0)) {
    starter.close();
    host.close();
  }
});

const until = async (check: () => boolean) => {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 5_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('PortWorkerHost (workers started by another context, reached over a MessagePort)', () => {
  it('compares in workers a starter started, with the vectors of one thread, and stops them after', async () => {
    const { host, starter, availability } = await hostWithStarter();
    expect(availability).toEqual([true]);
    const one = await runLinkage([treatment], { workers: 1 });
    const { frame, pairs, model } = one;
    const vectors = new Uint8Array(one.vectors.length);
    await compareInParallel(frame, model.comparisons, pairs, 0, vectors, { host, workers: 2, chunk: 999 });
    expect(Buffer.compare(vectors, one.vectors)).toBe(0);
    const { started, workers } = host.status();
    expect(started).toBe(2);
    expect(workers.map((w) => w.state)).toEqual(['stopped', 'stopped']);
    // The frame's load, then chunks of 999 pairs shared between the two.
    expect(workers.reduce((sum, w) => sum + w.answered, 0)).toBeGreaterThanOrEqual(2 + pairs.count / 999);
    for (const w of workers) expect(w.answered).toBeGreaterThanOrEqual(2);
    expect(starter.running).toBe(0);
  });

  it('a worker that dies rejects its call in flight, and the pool refuses more work', async () => {
    const { host } = await hostWithStarter();
    const pool = WorkerPool.open<CompareWorkerApi>(host, 1);
    try {
      await until(() => host.status().workers[0]?.state === 'ready');
      const call = pool.map([0], (w) => w.vectors(new Int32Array(1), new Int32Array(1)));
      StandInWorker.started[0].terminate(); // before it answers
      await expect(call).rejects.toThrow('Worker 1 of 1 stopped: the worker stopped');
      await expect(pool.map([0], (w) => w.vectors(new Int32Array(1), new Int32Array(1)))).rejects.toThrow(
        /has stopped/,
      );
      expect(host.status().workers[0]).toMatchObject({ state: 'died', error: 'the worker stopped' });
    } finally {
      await pool.close();
    }
  });

  it('when the starter ends, its workers count as dead, and the host has no starter left', async () => {
    const { host, starter, availability } = await hostWithStarter();
    const pool = WorkerPool.open<CompareWorkerApi>(host, 2);
    try {
      await until(() => host.status().workers.every((w) => w.state === 'ready'));
      const call = pool.map([0, 1], (w) => w.vectors(new Int32Array(1), new Int32Array(1)));
      starter.close(); // its page closed
      await expect(call).rejects.toThrow(/^Worker [12] of 2 stopped: /);
      await until(() => !host.available);
      expect(availability).toEqual([true, false]);
      expect(() => host.spawn()).toThrow('No page is open that can start a worker.');
    } finally {
      await pool.close();
    }
  });

  it('a worker that fails to load, or never reports ready, is given up with a clear error', async () => {
    const missing = await hostWithStarter('missing');
    const a = WorkerPool.open<CompareWorkerApi>(missing.host, 1);
    await expect(
      a.each((w) => w.load({ linkType: 'dedupe', n: 0, nLeft: 0, columns: {} }, [])),
    ).rejects.toThrow('Worker 1 of 1 stopped: the script could not be loaded');
    await a.close();

    const silent = await hostWithStarter('silent', { readyTimeoutMs: 50 });
    const b = WorkerPool.open<CompareWorkerApi>(silent.host, 1);
    await expect(
      b.each((w) => w.load({ linkType: 'dedupe', n: 0, nLeft: 0, columns: {} }, [])),
    ).rejects.toThrow('Worker 1 of 1 stopped: it did not start within 0.05 s');
    await b.close();
  });

  it('installed only while a starter is offered: without one, runLinkage compares in its own thread', async () => {
    const { host, starter } = await hostWithStarter();
    let installed: PortWorkerHost | null = null;
    const tracking = new PortWorkerHost({
      locks: locks.context(),
      onAvailability: (available) => {
        installed = available ? tracking : null;
        setWorkerHost(installed);
      },
    });
    setWorkerHost(null);
    expect(workerHost()).toBeNull();
    const second = workerStarter('compare', { locks: locks.context() });
    const { offer, port } = await second.offered;
    tracking.addStarter(offer, port);
    expect(workerHost()).toBe(tracking);
    second.close();
    await until(() => installed === null);
    expect(workerHost()).toBeNull();
    const one = await runLinkage([treatment], { workers: 1 });
    const asked = await runLinkage([treatment], { workers: 2 });
    expect(Buffer.compare(asked.vectors, one.vectors)).toBe(0);
    expect(tracking.status().started).toBe(0);
    expect(host.status().started).toBe(0);
    starter.close();
  });
});
