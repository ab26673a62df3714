export { compareInParallel, type ParallelCompare } from './compare';
export {
  type CompareWorkerApi,
  compareWorker,
  type PackedFrame,
  packFrame,
  unpackFrame,
} from './compare-worker';
export { nodeWorkerHost, parallelism, setWorkerHost, workerHost } from './host';
export { PoolClosedError, type WorkerHandle, type WorkerHost, WorkerPool } from './pool';
