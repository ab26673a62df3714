/**
 * The engine as extension pages and the offscreen document see it: the EngineApi of the one
 * SharedWorker, over Comlink. On top of plain `Comlink.wrap` it
 * - transfers import bytes instead of copying them, and wraps progress callbacks in
 *   `Comlink.proxy` (they are top-level arguments in the API so that this works);
 * - notices when the worker has died (crash, killed): every call in flight then ends with an
 *   `engine-lost` Outcome (or rejects with EngineLostError where the API returns no Outcome),
 *   and the next call starts a fresh worker;
 * - after every successful change, publishes the results version (and the time of the change)
 *   in `browser.storage.local`, so content scripts and other pages refresh.
 */
import * as Comlink from 'comlink';
import { browser } from 'wxt/browser';
import type {
  ChangeSummary,
  EngineApi,
  ImportPreview,
  ImportRequest,
  ReviewItem,
  WorkspaceStatus,
} from '../../engine/api/engine-api';
import type { ProgressCallback } from '../../engine/api/progress';
import { RESULTS_VERSION_KEY, WORKSPACE_CHANGED_KEY } from '../../shared/messages';
import type { CanonicalField } from '../../shared/person';
import type {
  Decision,
  LookupQuery,
  LookupResult,
  Outcome,
  RecordKey,
  RunInfo,
  StoredRecord,
} from '../../shared/workspace';
import { EngineLostError } from './errors';
import { ENGINE_ALIVE_LOCK, ENGINE_READY, ENGINE_SCRIPT, ENGINE_WORKER_NAME } from './names';

type Remote = Comlink.Remote<EngineApi>;

/** For calls that change nothing: safe to ask again after a lost engine (see `call`). */
const READ = { retry: true };

interface Connection {
  remote: Remote;
  /** Resolves when the worker behind this connection has gone; it never rejects. */
  lost: Promise<void>;
  gone: boolean;
  close(): void;
}

function open(): Connection {
  const worker = new SharedWorker(browser.runtime.getURL(ENGINE_SCRIPT), { name: ENGINE_WORKER_NAME });
  const { port } = worker;
  const stop = new AbortController();
  let markLost = (): void => {};
  const lost = new Promise<void>((resolve) => {
    markLost = resolve;
  });
  const connection: Connection = {
    remote: Comlink.wrap<EngineApi>(port),
    lost,
    gone: false,
    close: () => {
      stop.abort();
      port.close();
    },
  };
  void lost.then(() => {
    connection.gone = true;
    connection.close();
  });
  // The script could not be loaded or failed while starting.
  worker.addEventListener('error', () => markLost());
  const onReady = (event: MessageEvent): void => {
    if ((event.data as { type?: unknown } | null)?.type !== ENGINE_READY) return;
    port.removeEventListener('message', onReady);
    // The worker holds the lock now, so this request is granted only once it has died. The
    // callback returns at once, releasing the lock for the next client or a fresh worker.
    navigator.locks.request(ENGINE_ALIVE_LOCK, { signal: stop.signal }, () => markLost()).catch(() => {}); // AbortError: this connection was closed first
  };
  port.addEventListener('message', onReady);
  port.start();
  return connection;
}

/** Comlink only proxies functions marked at the top level of a call's arguments. */
const proxied = (onProgress: ProgressCallback | undefined) =>
  onProgress ? Comlink.proxy(onProgress) : undefined;

export class EngineClient implements EngineApi {
  private connection: Connection | null = null;

  status(): Promise<WorkspaceStatus> {
    return this.call((engine) => engine.status(), READ);
  }

  /** Copies the bytes rather than transferring them: the caller still needs them to import. */
  previewImport(request: Omit<ImportRequest, 'side' | 'name' | 'replaces'>): Promise<Outcome<ImportPreview>> {
    return this.outcome((engine) => engine.previewImport(request), READ);
  }

  /** Transfers `request.bytes` (zero copy): the caller's ArrayBuffer is detached afterwards. */
  importDataset(
    request: ImportRequest,
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>> {
    return this.change((engine) =>
      engine.importDataset(Comlink.transfer(request, [request.bytes]), opId, proxied(onProgress)),
    );
  }

  putRecord(
    datasetId: string,
    record: { recordId: string; fields: Partial<Record<CanonicalField, string>> },
  ): Promise<Outcome<ChangeSummary>> {
    return this.change((engine) => engine.putRecord(datasetId, record));
  }

  removeDataset(
    datasetId: string,
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>> {
    return this.change((engine) => engine.removeDataset(datasetId, opId, proxied(onProgress)));
  }

  link(
    options?: { retrain?: boolean; seed?: number },
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<ChangeSummary>> {
    return this.change((engine) => engine.link(options, opId, proxied(onProgress)));
  }

  setAsOf(asOf: string | null): Promise<Outcome<{ resultsVersion: number }>> {
    return this.change((engine) => engine.setAsOf(asOf));
  }

  reviewQueue(options?: { limit?: number }): Promise<Outcome<ReviewItem[]>> {
    return this.outcome((engine) => engine.reviewQueue(options), READ);
  }

  decide(
    leftKey: RecordKey,
    rightKey: RecordKey,
    decision: Decision,
    by: string,
    reason?: string,
  ): Promise<Outcome<ChangeSummary>> {
    return this.change((engine) => engine.decide(leftKey, rightKey, decision, by, reason));
  }

  lookup(query: LookupQuery): Promise<Outcome<LookupResult>> {
    return this.outcome((engine) => engine.lookup(query), READ);
  }

  lookupBatch(queries: LookupQuery[]): Promise<Outcome<LookupResult[]>> {
    return this.outcome((engine) => engine.lookupBatch(queries), READ);
  }

  records(keys: RecordKey[]): Promise<Outcome<StoredRecord[]>> {
    return this.outcome((engine) => engine.records(keys), READ);
  }

  runs(limit?: number): Promise<RunInfo[]> {
    return this.call((engine) => engine.runs(limit), READ);
  }

  acknowledgeInterrupted(): Promise<void> {
    return this.call((engine) => engine.acknowledgeInterrupted());
  }

  cancel(opId: string): Promise<void> {
    return this.call((engine) => engine.cancel(opId));
  }

  /** Lets go of the worker; the next call connects again. */
  close(): void {
    this.connection?.close();
    this.connection = null;
  }

  private connect(): Connection {
    if (!this.connection || this.connection.gone) this.connection = open();
    return this.connection;
  }

  /**
   * Runs one call; rejects with EngineLostError if the worker dies before it answers. A call that
   * changes nothing (`retry`) is tried once more on a fresh worker: the worker may have died
   * before the call reached it (a client learns of a death a moment later), and asking again is
   * always safe. A change is never repeated.
   */
  private async call<T>(run: (engine: Remote) => Promise<T>, { retry = false } = {}): Promise<T> {
    const connection = this.connect();
    const answered = await Promise.race([
      run(connection.remote).then((value) => ({ value })),
      connection.lost.then(() => null),
    ]);
    if (answered !== null) return answered.value;
    if (retry) return this.call(run);
    throw new EngineLostError();
  }

  private async outcome<T>(
    run: (engine: Remote) => Promise<Outcome<T>>,
    options: { retry?: boolean } = {},
  ): Promise<Outcome<T>> {
    try {
      return await this.call(run, options);
    } catch (error) {
      if (error instanceof EngineLostError)
        return { ok: false, error: { kind: 'engine-lost', message: error.message } };
      throw error;
    }
  }

  private async change<T>(run: (engine: Remote) => Promise<Outcome<T>>): Promise<Outcome<T>> {
    const result = await this.outcome(run);
    if (result.ok) await this.publishResultsVersion();
    return result;
  }

  private async publishResultsVersion(): Promise<void> {
    // The offscreen document has no storage API; it only answers lookups and changes nothing.
    const local = browser.storage?.local;
    if (!local) return;
    try {
      const { resultsVersion } = await this.status();
      await local.set({ [RESULTS_VERSION_KEY]: resultsVersion, [WORKSPACE_CHANGED_KEY]: Date.now() });
    } catch (error) {
      // The change itself is stored; other views refresh on the next change instead.
      console.warn('throughline: could not publish the results version', error);
    }
  }
}

/** A client of the shared engine worker; the worker itself starts on the first call. */
export function connectEngine(): EngineClient {
  return new EngineClient();
}
