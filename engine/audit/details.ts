import { z } from 'zod';

/**
 * What an audit entry may say, action by action. The trail is exported to the IG lead, so it holds
 * who did what, when, to which datasets and records, and never what a record contains: record
 * keys (`ds1/TR0001`) yes; names, dates of birth, addresses and free text no.
 *
 * Every object is strict (an unknown field is refused, not dropped) and every string has a
 * pattern or an enum, so record contents cannot reach the trail by a caller passing a record, or
 * a note, where an id was expected. The one exception is a file name, kept because the IG lead
 * must be able to match an input to the file on disk (domain.md §5.5); it is limited in length
 * and may not contain control characters.
 */

export const AUDIT_ACTIONS = [
  'import',
  'replace-dataset',
  'remove-dataset',
  'link',
  'continuity',
  'review-decision',
  'view-person',
  'export',
  'settings-change',
  'purge',
  'wipe',
  'unlock',
  'unlock-failed',
  'role-change',
  'record-change',
  'switch-profile',
  'lock',
  'audit-deleted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ROLES = ['data-officer', 'caseworker', 'ig-lead'] as const;
export type AuditRole = (typeof AUDIT_ROLES)[number];

// ---- building blocks ------------------------------------------------------------------------

/** An id the device assigned (dataset, run, model, rule, profile): no spaces, so no prose. */
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'expected an id (letters, digits, . _ : -)');

/**
 * A record key: dataset id, "/", then the id from the file's id column. Printable ASCII without
 * spaces, so a name ("Jane Smith") or a date written with spaces cannot pass as a key.
 */
const recordKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}\/[\x21-\x7e]{1,100}$/, 'expected a record key (dataset/record)');

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const fileName = z.string().regex(/^[^\x00-\x1f\x7f]{1,255}$/, 'expected a file name');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex SHA-256');
const count = z.number().int().nonnegative();
const side = z.enum(['releases', 'treatment']);
const decision = z.enum(['same', 'not_same', 'unsure']);
const role = z.enum(AUDIT_ROLES);
const isoDate = z.iso.date();

/** One input file of a run, as RunInfo records it. */
const input = z.strictObject({ datasetId: id, fileName, sha256, rowCount: count });

/** The counts a run may report; a closed list, so a count cannot be named after a person. */
export const RUN_COUNTS = [
  'rows',
  'records',
  'pairs',
  'links',
  'needsReview',
  'clusters',
  'releases',
  'engaged',
  'notEngaged',
  'excluded',
] as const;

const run = {
  runId: id,
  inputs: z.array(input),
  model: z.strictObject({ id, version: z.number().int().positive() }).nullable(),
  rule: z.strictObject({ id, version: z.number().int().positive() }).nullable(),
  thresholds: z.strictObject({ lower: z.number().min(0).max(1), upper: z.number().min(0).max(1) }).nullable(),
  counts: z.partialRecord(z.enum(RUN_COUNTS), count),
};

/** What was exported or printed. Add a kind here when a new export appears. */
export const EXPORT_KINDS = [
  'pairs-csv',
  'clusters-csv',
  'continuity-csv',
  'kpis-csv',
  'worklist-csv',
  'review-csv',
  'decisions-csv',
  'linkage-report',
  'continuity-report',
  'model-json',
  'splink-settings',
  'audit-csv',
  'audit-json',
  'merge-list-csv',
  'governance-summary',
] as const;

/** A setting's value: numbers, switches and enum-like words only (no free text). */
const settingValue = z.union([
  z.number(),
  z.boolean(),
  z.null(),
  z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/),
]);

// ---- per action -----------------------------------------------------------------------------

export const AUDIT_DETAILS = {
  import: z.strictObject({ side, input }),
  /** A dataset's file replaced by a new version: the new input and what it replaced. */
  'replace-dataset': z.strictObject({
    side,
    input,
    replaced: z.strictObject({ fileName, sha256, rowCount: count }),
  }),
  'remove-dataset': z.strictObject({
    dataset: z.strictObject({ datasetId: id, fileName, recordCount: count }),
  }),
  /** A linkage run: inputs, model, rule and thresholds, so the run can be reproduced. */
  link: z.strictObject(run),
  /** A continuity-of-care run: as a linkage run, with the as-of date (YYYY-MM-DD). */
  continuity: z.strictObject({ ...run, asOf: isoDate }),
  /** A clerical decision on a pair, and the decision it replaced (null if none). */
  'review-decision': z.strictObject({
    left: recordKey,
    right: recordKey,
    decision,
    previous: decision.nullable(),
  }),
  /** Records whose details were shown, and where. */
  'view-person': z.strictObject({
    recordKeys: z.array(recordKey).min(1).max(1000),
    surface: z.enum(['dashboard', 'side-panel', 'page-overlay', 'cli']),
  }),
  export: z.strictObject({
    kind: z.enum(EXPORT_KINDS),
    rowCount: count,
    destination: z.enum(['download', 'print', 'clipboard', 'file']),
  }),
  'settings-change': z.strictObject({
    setting: z.string().regex(/^[a-z][A-Za-z0-9.-]{0,63}$/, 'expected a setting name'),
    from: settingValue,
    to: settingValue,
  }),
  /** Records deleted, by retention or by hand: which datasets and how many records of each. */
  purge: z.strictObject({
    trigger: z.enum(['retention', 'manual']),
    datasets: z.array(z.strictObject({ datasetId: id, recordCount: count })).min(1),
  }),
  wipe: z.strictObject({ datasetCount: count, recordCount: count }),
  unlock: z.strictObject({}),
  'unlock-failed': z.strictObject({ consecutiveFailures: z.number().int().positive() }),
  /** A profile's role granted, changed or withdrawn (null = no role). */
  'role-change': z.strictObject({ profileId: id, from: role.nullable(), to: role.nullable() }),
  /** Records added or replaced one by one (not by importing a file). */
  'record-change': z.strictObject({ recordKeys: z.array(recordKey).min(1).max(1000) }),
  /** The profile using throughline on this device changed (null: none before, at first run). */
  'switch-profile': z.strictObject({ from: id.nullable(), to: id }),
  /** The data key was put away: after the idle time, or by hand. */
  lock: z.strictObject({ trigger: z.enum(['idle', 'manual']) }),
  /**
   * The first entry of a new trail, after the previous one was deleted: that trail's anchor, so an
   * export of it can still be checked against what was deleted.
   */
  'audit-deleted': z.strictObject({ count, headHash: sha256 }),
} satisfies Record<AuditAction, z.ZodType>;

export type AuditDetailsOf<A extends AuditAction> = z.infer<(typeof AUDIT_DETAILS)[A]>;

const actorSchema = z.strictObject({
  profileId: id,
  /** The member of staff, as they are known in the tool (not a service user). */
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  displayName: z.string().regex(/^[^\x00-\x1f\x7f]{1,100}$/, 'expected a display name'),
  role,
});

export type AuditActor = z.infer<typeof actorSchema>;

/** What a caller hands to `appendEntry`: who, what, and the details of that action. */
export type AuditDraft = {
  [A in AuditAction]: { actor: AuditActor; action: A; details: AuditDetailsOf<A> };
}[AuditAction];

/** The details of any action (narrow on `action` of the draft or entry to get one kind). */
export type AuditDetails = AuditDraft['details'];

const envelope = z.strictObject({ actor: actorSchema, action: z.enum(AUDIT_ACTIONS), details: z.unknown() });

/** Where a draft is wrong: a path of field names and a code, never the offending value. */
export interface DraftProblem {
  path: string;
  code: string;
}

export type DraftCheck = { ok: true; draft: AuditDraft } | { ok: false; problems: DraftProblem[] };

/**
 * Checks a draft against the schema of its action. The problems name fields, never values, so
 * they can be logged even when the refused value was a record's contents.
 */
export function checkDraft(input: unknown): DraftCheck {
  const outer = envelope.safeParse(input);
  if (!outer.success) return { ok: false, problems: problemsOf(outer.error.issues) };
  const { actor, action } = outer.data;
  const details = AUDIT_DETAILS[action].safeParse(outer.data.details);
  if (!details.success) return { ok: false, problems: problemsOf(details.error.issues, 'details') };
  return { ok: true, draft: { actor, action, details: details.data } as AuditDraft };
}

// Paths hold schema field names and array indices only. Unknown keys are not named: a key can
// itself be data (an object keyed by names).
const problemsOf = (issues: z.core.$ZodIssue[], prefix?: string): DraftProblem[] =>
  issues.map((issue) => ({ path: [...(prefix ? [prefix] : []), ...issue.path].join('.'), code: issue.code }));

/** A draft was refused. The message lists fields and codes only. */
export class AuditDraftError extends Error {
  constructor(readonly problems: DraftProblem[]) {
    super(
      `The audit entry was refused: ${problems.map((p) => `${p.path || '(entry)'} (${p.code})`).join('; ')}.`,
    );
  }
}
