/**
 * The audit entries that record a change to the workspace, worked out from the change itself (the
 * `Commit` the engine is about to store) and the state before and after it. Every data change
 * ends in the engine's one `commit()`, so deriving the entries there means no change can be
 * stored without them, whichever method made it, and they are stored in the same transaction.
 *
 * Only keys, counts, hashes and file names go in (engine/audit/details.ts refuses anything else);
 * a record key whose id does not have the form of an id is replaced by its hash (see `auditKey`).
 */
import type { DatasetInfo, RunInfo } from '../../shared/workspace';
import type { AuditAction, AuditDetailsOf } from '../audit';
import { RUN_COUNTS } from '../audit';
import type { Commit } from '../store';
import type { WorkspaceState } from '../workspace/state';

/** An audit draft without its actor (the engine adds the current profile). */
export type AuditBody = { [A in AuditAction]: { action: A; details: AuditDetailsOf<A> } }[AuditAction];

/** What a change is part of, when it is not the user's own doing (set by the governance layer). */
export type ChangeContext = { purge: 'retention' | 'manual' } | null;

const KEY_FORM = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}\/[\x21-\x7e]{1,100}$/;

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A record key as the trail can hold it: as it is when its record id has the form of an id
 * (printable ASCII, no spaces); otherwise `dataset/~sha256:` and the first 32 hex digits of the
 * SHA-256 of the record id, which the IG lead can recompute from the source file. An id with a
 * space or an accent is then still traceable, and a name in an id column never reaches the trail.
 */
export async function auditKey(key: string): Promise<string> {
  if (KEY_FORM.test(key)) return key;
  const at = key.indexOf('/');
  const datasetId = key.slice(0, at);
  return `${datasetId}/~sha256:${(await sha256Hex(key.slice(at + 1))).slice(0, 32)}`;
}

/** A file name as the trail can hold it: control characters dropped, at most 255 characters. */
export function auditFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  const clean = name.replace(/[\x00-\x1f\x7f]/g, '').slice(0, 255);
  return clean || '(no name)';
}

const inputOf = (d: Pick<DatasetInfo, 'id' | 'fileName' | 'sha256' | 'rowCount'>) => ({
  datasetId: d.id,
  fileName: auditFileName(d.fileName),
  sha256: d.sha256,
  rowCount: d.rowCount,
});

const KNOWN_COUNTS = new Set<string>(RUN_COUNTS);

/** A run's counts the trail knows by name (a closed list), whole and not negative. */
function runCounts(counts: Record<string, number>): AuditDetailsOf<'link'>['counts'] {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(counts))
    if (KNOWN_COUNTS.has(name) && Number.isInteger(n) && n >= 0) out[name] = n;
  return out;
}

/** A run that matched records (not a decision, which has its own entry) is recorded as a link run. */
function linkRun(run: RunInfo, next: WorkspaceState, matched: boolean): AuditBody | null {
  if (run.kind === 'decision' || (run.kind !== 'link' && !matched)) return null;
  const model = run.modelId && next.model?.id === run.modelId ? next.model : null;
  return {
    action: 'link',
    details: {
      runId: run.id,
      inputs: run.inputs.map((i) => ({ ...i, fileName: auditFileName(i.fileName) })),
      model: model ? { id: model.id, version: model.model.version } : null,
      rule: run.rule,
      thresholds: run.thresholds,
      counts: runCounts(run.counts),
    },
  };
}

export async function auditOfChange(
  before: WorkspaceState,
  next: WorkspaceState,
  change: Commit,
  context: ChangeContext,
): Promise<AuditBody[]> {
  const out: AuditBody[] = [];
  const earlier = new Map(before.datasets.map((d) => [d.id, d]));
  const cleared = new Set(change.clearRecordsOf ?? []);

  for (const d of change.putDatasets ?? []) {
    const old = earlier.get(d.id);
    if (!old) out.push({ action: 'import', details: { side: d.side, input: inputOf(d) } });
    else if (cleared.has(d.id))
      out.push({
        action: 'replace-dataset',
        details: {
          side: d.side,
          input: inputOf(d),
          replaced: { fileName: auditFileName(old.fileName), sha256: old.sha256, rowCount: old.rowCount },
        },
      });
    else if (change.putRecords?.length) {
      const keys = await Promise.all(
        change.putRecords.slice(0, 1000).map((r) => auditKey(`${r.datasetId}/${r.recordId}`)),
      );
      out.push({ action: 'record-change', details: { recordKeys: keys } });
    }
  }

  for (const id of change.deleteDatasets ?? []) {
    const old = earlier.get(id);
    if (!old) continue;
    if (context?.purge)
      out.push({
        action: 'purge',
        details: { trigger: context.purge, datasets: [{ datasetId: id, recordCount: old.rowCount }] },
      });
    else
      out.push({
        action: 'remove-dataset',
        details: {
          dataset: { datasetId: id, fileName: auditFileName(old.fileName), recordCount: old.rowCount },
        },
      });
  }

  if (change.putDecisions?.length) {
    const previous = new Map(before.decisions.map((d) => [`${d.leftId}\u0000${d.rightId}`, d.decision]));
    for (const d of change.putDecisions)
      out.push({
        action: 'review-decision',
        details: {
          left: await auditKey(d.leftId),
          right: await auditKey(d.rightId),
          decision: d.decision,
          previous: previous.get(`${d.leftId}\u0000${d.rightId}`) ?? null,
        },
      });
  }

  const matched = change.results !== undefined && change.results !== null;
  for (const run of change.addRuns ?? []) {
    const entry = linkRun(run, next, matched);
    if (entry) out.push(entry);
  }
  return out;
}
