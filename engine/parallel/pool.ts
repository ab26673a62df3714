import * as Comlink from 'comlink';

/**
 * A small pool of workers, the same code in Node (worker_threads) and in a browser (Web Workers):
 * only starting a worker differs, and that is the host's job. Calls cross with Comlink, so the
 * worker's API is one typed object and an error thrown in a worker rejects the call with the same
 * message. Calls are coarse (one per chunk of thousands of pairs), never one per pair.
 */

/** A started worker: its message endpoint, how to stop it, and how it reports dying. */
export interface WorkerHandle {
  endpoint: Comlink.Endpoint;
  terminate(): Promise<unknown>;
  /** Registers a listener called if the worker dies (an uncaught error, or it exits). */
  onDeath(listener: (error: Error) => void): void;
}

/** Where workers come from in this environment. */
export interface WorkerHost {
  /** Logical processors this environment can run at once. */
  parallelism(): number;
  spawn(): WorkerHandle;
}

export class PoolClosedError extends Error {
  constructor() {
    super('The worker pool is closed.');
  }
}

interface Slot<Api> {
  remote: Comlink.Remote<Api>;
  handle: WorkerHandle;
  /** Rejects when the worker dies, so that a call in flight does not wait for ever. */
  died: Promise<never>;
}

export class WorkerPool<Api> {
  private readonly slots: Slot<Api>[];
  private closed = false;
  /** Why a worker died while the pool was open: the pool then refuses new work, saying why. */
  private broken: Error | null = null;

  private constructor(handles: WorkerHandle[]) {
    this.slots = handles.map((handle, w) => {
      const died = new Promise<never>((_, reject) =>
        handle.onDeath((error) => {
          if (this.closed) return; // terminated by close()
          const stopped = new Error(`Worker ${w + 1} of ${handles.length} stopped: ${error.message}`);
          this.broken ??= stopped;
          reject(stopped);
        }),
      );
      died.catch(() => {}); // observed only by the calls in flight
      return { remote: Comlink.wrap<Api>(handle.endpoint), handle, died };
    });
  }

  /** Starts `size` workers (at least one). Close the pool when done (`close`, in a finally). */
  static open<Api>(host: WorkerHost, size: number): WorkerPool<Api> {
    const handles: WorkerHandle[] = [];
    try {
      for (let w = 0; w < Math.max(1, Math.floor(size)); w++) handles.push(host.spawn());
    } catch (error) {
      for (const h of handles) void h.terminate();
      throw error;
    }
    return new WorkerPool<Api>(handles);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Calls `fn` once on every worker, all at once (to ship the data every call will need). */
  async each(fn: (worker: Comlink.Remote<Api>, index: number) => Promise<unknown>): Promise<void> {
    this.assertOpen();
    await Promise.all(this.slots.map((slot, w) => Promise.race([fn(slot.remote, w), slot.died])));
  }

  /**
   * One call per task, at most one in flight per worker, the next task going to the first worker
   * free. Each result is handed to `onResult` with its task's index as it arrives (results of
   * different tasks may arrive in any order). When `signal` aborts, no further task is sent; the
   * calls in flight are awaited and the returned promise rejects with the signal's reason. The
   * first call that fails (an error thrown in the worker, or the worker dying) stops dispatching
   * the same way and rejects with that error.
   */
  async run<T, R>(
    tasks: readonly T[],
    call: (worker: Comlink.Remote<Api>, task: T) => Promise<R>,
    onResult: (result: R, index: number) => void,
    options: { signal?: AbortSignal } = {},
  ): Promise<void> {
    this.assertOpen();
    const { signal } = options;
    let next = 0;
    let failure: { error: unknown } | null = null;
    const stopped = () => failure !== null || signal?.aborted === true;
    const drive = async (slot: Slot<Api>): Promise<void> => {
      while (!stopped() && next < tasks.length) {
        const index = next++;
        try {
          const result = await Promise.race([call(slot.remote, tasks[index]), slot.died]);
          if (failure === null) onResult(result, index);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(this.slots.map(drive));
    if (failure !== null) throw (failure as { error: unknown }).error;
    if (signal?.aborted) throw signal.reason ?? new Error('Aborted');
  }

  /** `run`, collecting the results in task order. */
  async map<T, R>(
    tasks: readonly T[],
    call: (worker: Comlink.Remote<Api>, task: T) => Promise<R>,
    options: { signal?: AbortSignal } = {},
  ): Promise<R[]> {
    const results = new Array<R>(tasks.length);
    await this.run(
      tasks,
      call,
      (result, index) => {
        results[index] = result;
      },
      options,
    );
    return results;
  }

  /** Stops every worker. Safe to call twice; the pool cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.remote[Comlink.releaseProxy]();
        await slot.handle.terminate();
      }),
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new PoolClosedError();
    if (this.broken)
      throw new Error(`A worker of this pool has stopped (${this.broken.message}); open a new pool.`);
  }
}
