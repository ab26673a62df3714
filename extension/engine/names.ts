/**
 * The names that tie the engine's SharedWorker to its clients. Every extension page and the
 * offscreen document construct the SharedWorker with the same script URL and name, so they all
 * join one instance: one in-memory index and one writer of IndexedDB.
 */
export const ENGINE_SCRIPT = '/engine-shared.js';
export const ENGINE_WORKER_NAME = 'throughline-engine';

/**
 * A Web Lock the engine worker holds for its whole life. A client queues for it; the browser
 * grants it only when the worker has gone (crashed, killed, closed), which is how a client learns
 * that its in-flight calls will never be answered.
 */
export const ENGINE_ALIVE_LOCK = 'throughline-engine-alive';

/**
 * Posted by the worker on each new connection once it holds the lock, so a client never queues
 * for the lock before the worker has taken it. Comlink ignores messages without an id.
 */
export const ENGINE_READY = 'throughline-engine-ready';

/**
 * The compare worker's script: a dedicated worker that an extension page or the offscreen
 * document starts for the engine, which cannot start one itself (engine/parallel/port-host.ts).
 */
export const COMPARE_WORKER_SCRIPT = '/compare-worker.js';
