/**
 * The guard in front of the engine: every method of its surface behind the role and lock checks
 * of policy.ts, and the reads that hand over record contents or derived facts about people
 * (lookups, records, the review queue) and exports recorded before their result is returned; if
 * the entry cannot be stored, the result is withheld.
 */
import { fail, type LookupResult, type Outcome, type StoredRecord } from '../../shared/workspace';
import type { ChangeSummary, EngineApi } from '../api/engine-api';
import { type Profile, ROLE_LABELS, type Role, type ViewSurface } from '../api/governance-types';
import type { ExportFile } from '../api/report-types';
import { type AuditBody, auditKey } from './audit-of-change';
import { accessOf, mayCall } from './policy';
import { invalid, LOCKED, RETENTION_DAYS_RULE } from './refusals';
import { LIMITS, withinLimits } from './retention';

export interface GuardDeps {
  /** Any call is activity (the idle lock). */
  touch(): void;
  locked(): boolean;
  actor(): Profile;
  /** Stores entries that record no change (views, exports). */
  record(bodies: readonly AuditBody[]): Promise<void>;
  /** Gives a dataset its own retention period (an import that asked for one). */
  setRetention(datasetId: string, days: number): Promise<Outcome<unknown>>;
}

/** What each role is for, in the words of a refusal. */
const ROLE_SCOPE: Record<Role, string> = {
  'data-officer': 'everything',
  caseworker: 'badges and the side panel',
  'ig-lead': 'the information-governance page and the audit trail, never record contents',
};

/** Every method behind the role and lock checks; reads of record contents recorded first. */
export function guard(api: EngineApi, deps: GuardDeps): EngineApi {
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    const access = accessOf(name);
    guarded[name] = async (...args: unknown[]): Promise<unknown> => {
      deps.touch();
      if (!access.whileLocked && deps.locked()) return fail(LOCKED);
      const actor = deps.actor();
      if (!mayCall(access, actor.role))
        return fail({
          kind: 'forbidden',
          message:
            `${actor.displayName} (${ROLE_LABELS[actor.role]}) cannot do this (${name}): ` +
            `that role is for ${ROLE_SCOPE[actor.role]}.`,
        });
      const days =
        name === 'importDataset' ? (args[0] as { retentionDays?: number }).retentionDays : undefined;
      if (days !== undefined && !withinLimits(days, LIMITS.retentionDays))
        return invalid(RETENTION_DAYS_RULE);
      const result = await method(...args);
      if (days !== undefined) return keepFor(result as Outcome<ChangeSummary>, days, deps);
      return recordRead(name, args, result, deps);
    };
  }
  return guarded as unknown as EngineApi;
}

/** An import asked for its own retention period: set once the dataset exists. */
async function keepFor(
  imported: Outcome<ChangeSummary>,
  days: number,
  deps: GuardDeps,
): Promise<Outcome<unknown>> {
  const id = imported.ok ? imported.value.dataset?.id : undefined;
  if (!id) return imported;
  const set = await deps.setRetention(id, days);
  return set.ok ? imported : set;
}

async function recordRead(name: string, args: unknown[], result: unknown, deps: GuardDeps): Promise<unknown> {
  const outcome = result as Outcome<unknown>;
  if (!outcome || typeof outcome !== 'object' || !('ok' in outcome) || !outcome.ok) return result;
  const bodies = await readBodies(name, args, outcome.value);
  if (!bodies?.length) return result;
  try {
    await deps.record(bodies);
  } catch {
    return fail({
      kind: 'storage-unavailable',
      message: 'This could not be recorded in the audit trail, so it is not shown. Nothing was changed.',
    });
  }
  return result;
}

/** The entries a successful call of `name` is recorded with; null for a call that is not recorded. */
async function readBodies(name: string, args: unknown[], value: unknown): Promise<AuditBody[] | null> {
  const surfaceArg = (i: number): ViewSurface => (args[i] as ViewSurface | undefined) ?? 'cli';
  let keys: string[] = [];
  let surface: ViewSurface = 'dashboard';
  let exported: AuditBody | null = null;
  switch (name) {
    case 'records':
      keys = (value as StoredRecord[]).map((r) => `${r.datasetId}/${r.recordId}`);
      surface = surfaceArg(1);
      break;
    case 'lookup':
    case 'lookupBatch': {
      const found = name === 'lookup' ? [value as LookupResult] : (value as LookupResult[]);
      keys = found.flatMap((r) => (r.match ? [r.match.key] : []));
      surface = surfaceArg(1);
      break;
    }
    case 'reviewQueue':
      keys = (value as { leftKey: string; rightKey: string }[]).flatMap((i) => [i.leftKey, i.rightKey]);
      break;
    case 'exportContinuity': {
      const request = args[0] as { kind: string };
      exported = exportBody(request.kind === 'worklist' ? 'worklist-csv' : 'continuity-csv', value);
      break;
    }
    case 'exportMergeList':
      exported = exportBody('merge-list-csv', value);
      break;
    default:
      return null;
  }
  const bodies: AuditBody[] = exported ? [exported] : [];
  const unique = await Promise.all([...new Set(keys)].map(auditKey));
  for (const part of chunks(unique, 1000))
    bodies.push({ action: 'view-person', details: { recordKeys: part, surface } });
  return bodies;
}

function exportBody(kind: 'worklist-csv' | 'continuity-csv' | 'merge-list-csv', file: unknown): AuditBody {
  return {
    action: 'export',
    details: { kind, rowCount: (file as ExportFile).rows, destination: 'download' },
  };
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
