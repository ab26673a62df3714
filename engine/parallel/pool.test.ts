import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeWorkerHost } from './host';
import { PoolClosedError, type WorkerHost, WorkerPool } from './pool';
import type { TestWorkerApi } from './test-worker';

/** Real worker threads running test-worker.ts; `exits` counts the workers that have stopped. */
function testHost(): WorkerHost & { exits: number } {
  const node = nodeWorkerHost(new URL('./test-worker.ts', import.meta.url));
  if (!node) throw new Error('no worker_threads');
  const host = {
    exits: 0,
    parallelism: () => node.parallelism(),
    spawn() {
      const handle = node.spawn();
      handle.onDeath(() => host.exits++);
      return handle;
    },
  };
  return host;
}

describe('WorkerPool (Node worker_threads)', () => {
  let pool: WorkerPool<TestWorkerApi>;
  beforeAll(() => {
    pool = WorkerPool.open<TestWorkerApi>(testHost(), 2);
  });
  afterAll(() => pool.close());

  it('gives results in task order, whichever worker answers first', async () => {
    const tasks = [5, 1, 4, 2, 3, 0];
    // Early tasks are the slow ones, so later tasks overtake them on the other worker.
    const results = await pool.map(tasks, (w, x) => w.square(x, 40 - x * 6));
    expect(results.map((r) => r.value)).toEqual([25, 1, 16, 4, 9, 0]);
    expect(new Set(results.map((r) => r.thread)).size).toBe(2);
  });

  it('turns an error thrown in a worker into a rejected call with its message, and stops dispatching', async () => {
    const sent: number[] = [];
    const run = pool.run(
      [1, 2, 3, 4, 5, 6, 7, 8],
      (w, x) => {
        sent.push(x);
        return x === 2 ? w.fail(`bad input ${x}`) : w.square(x, 20);
      },
      () => {},
    );
    await expect(run).rejects.toThrow('bad input 2');
    expect(sent.length).toBeLessThanOrEqual(3); // the failing call and at most one per other worker
  });

  it('stops dispatching when cancelled, and rejects with the reason', async () => {
    const controller = new AbortController();
    const sent: number[] = [];
    const done: number[] = [];
    const run = pool.run(
      Array.from({ length: 20 }, (_, i) => i),
      (w, x) => {
        sent.push(x);
        return w.square(x, 10);
      },
      (r) => {
        done.push(r.value);
        if (done.length === 2) controller.abort(new Error('cancelled by the test'));
      },
      { signal: controller.signal },
    );
    await expect(run).rejects.toThrow('cancelled by the test');
    expect(sent.length).toBeLessThanOrEqual(2 + pool.size);
  });

  it('transfers typed arrays both ways', async () => {
    const values = Float64Array.of(1, 2, 3);
    const [out] = await pool.map([values], (w, v) => w.doubled(Comlink.transfer(v, [v.buffer])));
    expect(values.byteLength).toBe(0); // moved, not copied
    expect(Array.from(out)).toEqual([2, 4, 6]);
  });
});

describe('WorkerPool lifetime', () => {
  it('rejects the call in flight when its worker dies, then refuses more work', async () => {
    const pool = WorkerPool.open<TestWorkerApi>(testHost(), 1);
    try {
      await expect(pool.map([0], (w) => w.crash())).rejects.toThrow(/Worker 1 of 1 stopped/);
      await expect(pool.map([1], (w, x) => w.square(x, 0))).rejects.toThrow(
        /has stopped \(Worker 1 of 1 stopped: .+\); open a new pool/,
      );
    } finally {
      await pool.close();
    }
  });

  it('is torn down by close: every worker stops, and the pool refuses calls', async () => {
    const host = testHost();
    const pool = WorkerPool.open<TestWorkerApi>(host, 2);
    await pool.map([1, 2], (w, x) => w.square(x, 0));
    await pool.close();
    expect(host.exits).toBe(2);
    await expect(pool.map([1], (w, x) => w.square(x, 0))).rejects.toBeInstanceOf(PoolClosedError);
    await pool.close(); // a second close is harmless
  });
});
