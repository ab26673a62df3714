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
export {
  isStarterOffer,
  PortWorkerHost,
  type PortWorkerHostOptions,
  type PortWorkerHostStatus,
  type PortWorkerRecord,
  type StarterOffer,
  serveCompareWorker,
  type WorkerStarter,
  workerStarter,
} from './port-host';
