import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { WorkerHandle, WorkerHost } from './pool';

/**
 * Where this environment's workers come from. Node is recognised by `process.getBuiltinModule`
 * (Node 20.16 and later), which reaches `worker_threads` without an import statement, so this
 * module is also bundled for the browser, where it finds no host of its own: the engine runs in a
 * SharedWorker there, and Chromium does not let a SharedWorker start workers (`Worker` is not
 * defined in its scope; checked on the Chromium installed here, 150). The extension's SharedWorker
 * installs a `PortWorkerHost` (port-host.ts) with `setWorkerHost` while some page can start
 * workers for it, and null while none can (then `runLinkage` compares in its own thread).
 */
let chosen: WorkerHost | null | undefined;

export function setWorkerHost(host: WorkerHost | null): void {
  chosen = host;
}

export function workerHost(): WorkerHost | null {
  if (chosen === undefined) chosen = nodeWorkerHost();
  return chosen;
}

/**
 * Logical processors: the host's (os.availableParallelism() in Node, navigator.hardwareConcurrency
 * for a PortWorkerHost), else navigator.hardwareConcurrency.
 */
export function parallelism(): number {
  const host = workerHost();
  if (host) return host.parallelism();
  return globalThis.navigator?.hardwareConcurrency ?? 1;
}

type Builtins = Pick<NodeJS.Process, 'getBuiltinModule'>;

/** The engine's worker entry (a variable, so that a bundler does not take it for an asset to emit). */
const ENTRY_FILE = 'node-worker.ts';

/**
 * Workers from `worker_threads`, each running `entry` (by default the engine's, node-worker.ts),
 * or null outside Node.
 */
export function nodeWorkerHost(entry?: URL): WorkerHost | null {
  const process = (globalThis as { process?: Partial<Builtins> }).process;
  if (typeof process?.getBuiltinModule !== 'function') return null;
  const threads = process.getBuiltinModule('node:worker_threads');
  const os = process.getBuiltinModule('node:os');
  const { createRequire } = process.getBuiltinModule('node:module');
  const { pathToFileURL } = process.getBuiltinModule('node:url');
  if (!threads?.Worker) return null;

  // Node 20 cannot run a .ts file by itself, nor does a worker inherit the tsx hooks registered
  // in the main thread: the worker first registers tsx through its API, then imports the entry.
  // (The API's path is read from tsx's export map: resolving it here would give the CommonJS
  // build, which cannot register the hooks from an evaluated worker script.)
  const resolver = createRequire(import.meta.url);
  const manifest = resolver.resolve('tsx/package.json');
  const exportsMap = resolver(manifest).exports as Record<string, { import: { default: string } }>;
  const tsxApi = new URL(exportsMap['./esm/api'].import.default, pathToFileURL(manifest)).href;
  const entryUrl = (entry ?? new URL(ENTRY_FILE, import.meta.url)).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entryUrl)}); })`;

  return {
    parallelism: () => os.availableParallelism(),
    spawn(): WorkerHandle {
      const worker = new threads.Worker(bootstrap, { eval: true });
      return {
        endpoint: nodeEndpoint(worker),
        terminate: () => worker.terminate(),
        onDeath(listener) {
          worker.on('error', (error: Error) => listener(error));
          worker.on('exit', (code: number) => listener(new Error(`the worker exited with code ${code}`)));
        },
      };
    },
  };
}
