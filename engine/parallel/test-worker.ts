/**
 * Test support only: a worker with a few behaviours the pool's tests need (a slow answer, a thrown
 * error, a crash, a transferred array), run by `nodeWorkerHost(new URL('./test-worker.ts', ...))`.
 */
import { parentPort, threadId } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

const testWorker = {
  async square(x: number, delayMs: number): Promise<{ value: number; thread: number }> {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { value: x * x, thread: threadId };
  },
  fail(message: string): never {
    throw new Error(message);
  },
  crash(): void {
    process.exit(3);
  },
  doubled(values: Float64Array): Float64Array {
    const out = values.map((v) => v * 2);
    return Comlink.transfer(out, [out.buffer]);
  },
};

export type TestWorkerApi = typeof testWorker;

if (!parentPort) throw new Error('test-worker.ts runs as a worker thread');
Comlink.expose(testWorker, nodeEndpoint(parentPort));
