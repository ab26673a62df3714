/**
 * The engine as extension pages and the offscreen document see it: the EngineApi of the one
 * SharedWorker, over Comlink. On top of plain `Comlink.wrap` it
 * - transfers import bytes instead of copying them, and wraps progress callbacks in
 *   `Comlink.proxy` (they are top-level arguments in the API so that this works);
 * - notices when the worker has died (crash, killed): every call in flight then ends with an
 *   `engine-lost` Outcome (or rejects with EngineLostError where the API returns no Outcome),
 *   and the next call starts a fresh worker;
 * - after every successful change, publishes the results version (and the time of the change)
 *   in `browser.storage.local`, so content scripts and other pages refresh;
 * - offers this page to the engine as a starter of compare workers (the SharedWorker cannot start
 *   a worker itself; engine/parallel/port-host.ts), and stops the ones it started when the
 *   connection ends.
 */
import * as Comlink from 'comlink';
import { browser } from 'wxt/browser';
import type {
  ChangeSummary,
  EngineApi,
  ImportInspection,
  ImportPreview,
  ImportRequest,
  InspectRequest,
  ReviewItem,
  ReviewProgress,
  WorkspaceStatus,
} from '../../engine/api/engine-api';
import type {
  AuditCheck,
  AuditPage,
  DatasetRetention,
  ExportKind,
  GovernanceSettings,
  GovernanceStatus,
  Profile,
  PurgeReport,
  Role,
  ViewSurface,
  WipeReport,
} from '../../engine/api/governance-types';
import type { ProgressCallback } from '../../engine/api/progress';
import type {
  ContinuityExportRequest,
  ContinuityReport,
  DuplicatesReport,
  DuplicatesRequest,
  ExportFile,
  WorklistSearch,
} from '../../engine/api/report-types';
import { type PortWorkerHostStatus, workerStarter } from '../../engine/parallel/port-host';
import type { PairDecision } from '../../engine/review';
import { RESULTS_VERSION_KEY, WORKSPACE_CHANGED_KEY } from '../../shared/messages';
import type { CanonicalField } from '../../shared/person';
import type {
  Decision,
  LookupQuery,
  LookupResult,
  Outcome,
  RecordKey,
  RunInfo,
  Side,
  StoredRecord,
} from '../../shared/workspace';
import type { EngineDiagnostics, LinkageTrialRequest, LinkageTrialResult } from './diagnostics';
import { EngineLostError } from './errors';
import {
  COMPARE_WORKER_SCRIPT,
  ENGINE_ALIVE_LOCK,
  ENGINE_READY,
  ENGINE_SCRIPT,
  ENGINE_WORKER_NAME,
} from './names';

type Remote = Comlink.Remote<EngineApi & EngineDiagnostics>;

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
  // Where this context can start workers, it offers to start the engine's compare workers. The
  // offscreen document is preferred: it outlives the pages (engine/parallel/port-host.ts).
  const starter =
    typeof Worker === 'function'
      ? workerStarter(browser.runtime.getURL(COMPARE_WORKER_SCRIPT), {
          preferred: surfaceHere() === 'page-overlay',
        })
      : null;
  void starter?.offered.then(({ offer, port: offered }) => port.postMessage(offer, [offered]));
  const connection: Connection = {
    remote: Comlink.wrap<EngineApi & EngineDiagnostics>(port),
    lost,
    gone: false,
    close: () => {
      stop.abort();
      starter?.close();
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

  /** Copies the bytes (like previewImport): the wizard inspects, previews, then imports them. */
  inspectImport(request: InspectRequest): Promise<Outcome<ImportInspection>> {
    return this.outcome((engine) => engine.inspectImport(request), READ);
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
    options?: { retrain?: boolean; seed?: number; workers?: number },
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

  reviewProgress(): Promise<ReviewProgress> {
    return this.call((engine) => engine.reviewProgress(), READ);
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

  /** The page's own surface goes with every read that the audit trail records (`surfaceHere`). */
  lookup(query: LookupQuery, surface = surfaceHere()): Promise<Outcome<LookupResult>> {
    return this.outcome((engine) => engine.lookup(query, surface), READ);
  }

  lookupBatch(queries: LookupQuery[], surface = surfaceHere()): Promise<Outcome<LookupResult[]>> {
    return this.outcome((engine) => engine.lookupBatch(queries, surface), READ);
  }

  records(keys: RecordKey[], surface = surfaceHere()): Promise<Outcome<StoredRecord[]>> {
    return this.outcome((engine) => engine.records(keys, surface), READ);
  }

  runs(limit?: number): Promise<RunInfo[]> {
    return this.call((engine) => engine.runs(limit), READ);
  }

  acknowledgeInterrupted(): Promise<void> {
    return this.call((engine) => engine.acknowledgeInterrupted());
  }

  continuityReport(): Promise<Outcome<ContinuityReport>> {
    return this.outcome((engine) => engine.continuityReport(), READ);
  }

  searchWorklist(query: string): Promise<Outcome<WorklistSearch>> {
    return this.outcome((engine) => engine.searchWorklist(query), READ);
  }

  exportContinuity(request: ContinuityExportRequest): Promise<Outcome<ExportFile>> {
    return this.outcome((engine) => engine.exportContinuity(request), READ);
  }

  /** Long (a de-duplication run) but changes nothing; not repeated on a fresh worker. */
  findDuplicates(
    request: DuplicatesRequest,
    opId?: string,
    onProgress?: ProgressCallback,
  ): Promise<Outcome<DuplicatesReport>> {
    return this.outcome((engine) => engine.findDuplicates(request, opId, proxied(onProgress)));
  }

  decideDuplicate(
    aKey: RecordKey,
    bKey: RecordKey,
    decision: Decision,
    by: string,
    reason?: string,
  ): Promise<Outcome<PairDecision>> {
    return this.change((engine) => engine.decideDuplicate(aKey, bKey, decision, by, reason));
  }

  exportMergeList(side: Side): Promise<Outcome<ExportFile>> {
    return this.outcome((engine) => engine.exportMergeList(side), READ);
  }

  // ---- information governance ----

  governanceStatus(): Promise<Outcome<GovernanceStatus>> {
    return this.outcome((engine) => engine.governanceStatus(), READ);
  }

  /** A change for every open page: what each may show depends on the profile's role. */
  switchProfile(profileId: string): Promise<Outcome<Profile>> {
    return this.change((engine) => engine.switchProfile(profileId));
  }

  saveProfile(profile: { id?: string; displayName: string; role: Role }): Promise<Outcome<Profile>> {
    return this.change((engine) => engine.saveProfile(profile));
  }

  auditLog(options?: { limit?: number; before?: number }): Promise<Outcome<AuditPage>> {
    return this.outcome((engine) => engine.auditLog(options), READ);
  }

  verifyAudit(): Promise<Outcome<AuditCheck>> {
    return this.outcome((engine) => engine.verifyAudit(), READ);
  }

  /** Not repeated on a fresh worker: the export is recorded in the trail. */
  exportAudit(format: 'csv' | 'json'): Promise<Outcome<ExportFile>> {
    return this.outcome((engine) => engine.exportAudit(format));
  }

  noteExport(
    kind: ExportKind,
    rowCount: number,
    destination: 'download' | 'print' | 'clipboard' | 'file',
  ): Promise<Outcome<void>> {
    return this.outcome((engine) => engine.noteExport(kind, rowCount, destination));
  }

  updateGovernanceSettings(settings: Partial<GovernanceSettings>): Promise<Outcome<GovernanceStatus>> {
    return this.change((engine) => engine.updateGovernanceSettings(settings));
  }

  setRetention(datasetId: string, days: number | null): Promise<Outcome<DatasetRetention>> {
    return this.change((engine) => engine.setRetention(datasetId, days));
  }

  purgeExpired(): Promise<Outcome<PurgeReport | null>> {
    return this.change((engine) => engine.purgeExpired());
  }

  wipeEverything(): Promise<Outcome<WipeReport>> {
    return this.change((engine) => engine.wipeEverything());
  }

  deleteAuditTrail(confirmHeadHash: string): Promise<Outcome<{ deleted: number }>> {
    return this.change((engine) => engine.deleteAuditTrail(confirmHeadHash));
  }

  enableEncryption(passphrase: string): Promise<Outcome<void>> {
    return this.change((engine) => engine.enableEncryption(passphrase));
  }

  unlock(passphrase: string): Promise<Outcome<void>> {
    return this.change((engine) => engine.unlock(passphrase));
  }

  lock(): Promise<Outcome<void>> {
    return this.change((engine) => engine.lock());
  }

  changePassphrase(current: string, next: string): Promise<Outcome<void>> {
    return this.change((engine) => engine.changePassphrase(current, next));
  }

  disableEncryption(passphrase: string): Promise<Outcome<void>> {
    return this.change((engine) => engine.disableEncryption(passphrase));
  }

  cancel(opId: string): Promise<void> {
    return this.call((engine) => engine.cancel(opId));
  }

  // ---- diagnostics (not EngineApi: support, benchmarks and tests; extension/engine/diagnostics.ts) ----

  /** The engine's compare workers: the pages offering to start them and the workers started. */
  compareWorkers(): Promise<PortWorkerHostStatus> {
    return this.call((engine) => engine.compareWorkers(), READ);
  }

  /**
   * Runs the linkage pipeline in the engine's worker on these files with `workers` compare threads,
   * without touching the workspace. Transfers the files' bytes (detached afterwards).
   */
  trialLinkage(request: LinkageTrialRequest): Promise<LinkageTrialResult> {
    return this.call((engine) =>
      engine.trialLinkage(
        Comlink.transfer(
          request,
          request.files.map((f) => f.bytes),
        ),
      ),
    );
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

/**
 * Where this page shows what it reads, for the audit trail: the side panel (or its page opened in
 * a tab), the offscreen document that answers the overlay's badges, or the dashboard.
 */
export function surfaceHere(): ViewSurface {
  const path = globalThis.location?.pathname ?? '';
  if (path.endsWith('/sidepanel.html')) return 'side-panel';
  if (path.endsWith('/offscreen.html')) return 'page-overlay';
  return 'dashboard';
}

/** A client of the shared engine worker; the worker itself starts on the first call. */
export function connectEngine(): EngineClient {
  return new EngineClient();
}
