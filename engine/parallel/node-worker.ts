/**
 * The worker entry in Node (worker_threads): the compare kernel's worker API over Comlink. A Web
 * Worker entry would be the same two lines with `self` as the endpoint.
 */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { compareWorker } from './compare-worker';

if (!parentPort) throw new Error('node-worker.ts runs as a worker thread, not on its own');
Comlink.expose(compareWorker(), nodeEndpoint(parentPort));
