/**
 * Test support, not part of the public face: one well-formed draft of every action, so tests can
 * build realistic trails and check that every action survives hashing and export.
 */
import type { AuditAction, AuditActor, AuditDraft } from './details';

export const SAMPLE_ACTOR: AuditActor = {
  profileId: 'p-officer-1',
  displayName: 'Data Officer 1',
  role: 'data-officer',
};

const input = (datasetId: string, fileName: string) => ({
  datasetId,
  fileName,
  sha256: 'ab'.repeat(32),
  rowCount: 120,
});

const run = {
  runId: 'run-lx3k9-1',
  inputs: [input('ds1', 'releases-2024-05.csv'), input('ds2', 'treatment-2024-05.xlsx')],
  model: { id: 'model-lx3k9', version: 1 },
  rule: { id: 'ohid-c20-default', version: 1 },
  thresholds: { lower: 0.5, upper: 0.9 },
  counts: { records: 240, pairs: 1800, links: 97 },
};

export const SAMPLE_DRAFTS: { [A in AuditAction]: Extract<AuditDraft, { action: A }> } = {
  import: {
    actor: SAMPLE_ACTOR,
    action: 'import',
    details: { side: 'releases', input: input('ds1', 'releases.csv') },
  },
  'replace-dataset': {
    actor: SAMPLE_ACTOR,
    action: 'replace-dataset',
    details: {
      side: 'treatment',
      input: input('ds2', 'treatment-june.csv'),
      replaced: { fileName: 'treatment-may.csv', sha256: 'cd'.repeat(32), rowCount: 118 },
    },
  },
  'remove-dataset': {
    actor: SAMPLE_ACTOR,
    action: 'remove-dataset',
    details: { dataset: { datasetId: 'ds2', fileName: 'treatment-may.csv', recordCount: 118 } },
  },
  link: { actor: SAMPLE_ACTOR, action: 'link', details: run },
  continuity: { actor: SAMPLE_ACTOR, action: 'continuity', details: { ...run, asOf: '2024-06-30' } },
  'review-decision': {
    actor: { profileId: 'p-case-7', displayName: 'Caseworker 7', role: 'caseworker' },
    action: 'review-decision',
    details: { left: 'ds1/A1234BC', right: 'ds2/TR0001', decision: 'same', previous: null },
  },
  'view-person': {
    actor: { profileId: 'p-case-7', displayName: 'Caseworker 7', role: 'caseworker' },
    action: 'view-person',
    details: { recordKeys: ['ds1/A1234BC', 'ds2/TR0001'], surface: 'side-panel' },
  },
  export: {
    actor: SAMPLE_ACTOR,
    action: 'export',
    details: { kind: 'worklist-csv', rowCount: 42, destination: 'download' },
  },
  'settings-change': {
    actor: SAMPLE_ACTOR,
    action: 'settings-change',
    details: { setting: 'retentionDays', from: 365, to: 180 },
  },
  purge: {
    actor: SAMPLE_ACTOR,
    action: 'purge',
    details: { trigger: 'retention', datasets: [{ datasetId: 'ds1', recordCount: 120 }] },
  },
  wipe: { actor: SAMPLE_ACTOR, action: 'wipe', details: { datasetCount: 2, recordCount: 238 } },
  unlock: { actor: SAMPLE_ACTOR, action: 'unlock', details: {} },
  'unlock-failed': { actor: SAMPLE_ACTOR, action: 'unlock-failed', details: { consecutiveFailures: 2 } },
  'role-change': {
    actor: { profileId: 'p-ig-1', displayName: 'IG Lead', role: 'ig-lead' },
    action: 'role-change',
    details: { profileId: 'p-case-7', from: null, to: 'caseworker' },
  },
  'record-change': {
    actor: SAMPLE_ACTOR,
    action: 'record-change',
    details: { recordKeys: ['ds2/TR0002'] },
  },
  'switch-profile': {
    actor: { profileId: 'p-ig-1', displayName: 'IG Lead', role: 'ig-lead' },
    action: 'switch-profile',
    details: { from: 'p-officer-1', to: 'p-ig-1' },
  },
  lock: { actor: SAMPLE_ACTOR, action: 'lock', details: { trigger: 'idle' } },
  'audit-deleted': {
    actor: { profileId: 'p-ig-1', displayName: 'IG Lead', role: 'ig-lead' },
    action: 'audit-deleted',
    details: { count: 1204, headHash: 'ef'.repeat(32) },
  },
};
