/**
 * Wipe: every table but `audit` emptied in one transaction with the `wipe` entry appended to the
 * trail, which is kept (the proof of the wipe). Works while locked: forgetting the passphrase
 * must not stop anyone deleting the data.
 */
import { type Profile, ROLE_LABELS, type WipeReport } from '../api/governance-types';
import type { Store } from '../store';
import type { EngineHooks } from './engine-hooks';
import { SETTING } from './setting-keys';
import type { AuditTrail } from './trail';

/**
 * Kept by a wipe: who uses throughline here and how it is governed are configuration, not data
 * about service users; the trail they are needed to read is kept too (and the key information:
 * encryption stays on with the same passphrase).
 */
const KEPT_ON_WIPE = [
  SETTING.profiles,
  SETTING.actor,
  SETTING.config,
  SETTING.lastPurge,
  SETTING.lastWipe,
  SETTING.lastVerification,
];

/**
 * Deletes every dataset, record, table, model, result, decision and run, and the workspace's
 * settings, and reports what went. The engine's state in memory is the caller's to empty.
 */
export async function wipeStore(
  store: Store,
  trail: AuditTrail,
  hooks: EngineHooks,
  actor: Profile,
  now: () => Date,
): Promise<WipeReport> {
  const datasets = await store.datasets();
  const state = hooks.state();
  const runs = await store.runs();
  const recordCount = datasets.reduce((s, d) => s + d.rowCount, 0);
  let rows: Record<string, number> = {};
  const auditSeq = trail.summary.count;
  await trail.append(
    [{ action: 'wipe', details: { datasetCount: datasets.length, recordCount } }],
    async (entries) => {
      rows = await store.wipe({ keepSettings: KEPT_ON_WIPE, appendAudit: entries });
    },
  );
  return {
    at: now().toISOString(),
    by: `${actor.displayName} (${ROLE_LABELS[actor.role]})`,
    datasets: datasets.length,
    records: recordCount,
    decisions: rows.decisions ?? 0,
    pairs: state.results?.pairs.left.length ?? 0,
    runs: runs.length,
    auditSeq,
    rows,
  };
}
