import { z } from 'zod';
import { EVENT_FIELDS } from '../../shared/person';

/**
 * The continuity-of-care rule as data. The national definition leaves several points
 * unconfirmed (domain.md §1.2), so each is a parameter, and every report names the rule and
 * version that produced it.
 */
export const ruleSchema = z.object({
  name: z.string().min(1),
  version: z.number().int().positive(),
  /** Days after release (day 0 = release day, inclusive) within which engagement counts. */
  windowDays: z.number().int().positive(),
  /** Treatment events that count as engagement; only events on or after the release date count. */
  engagementEvents: z.array(z.enum(EVENT_FIELDS)).min(1),
  cohort: z.object({
    /** Only releases whose substance-misuse need is recorded as yes (a blank need counts as yes). */
    requireSubstanceNeed: z.boolean(),
    /** Age at release below which a release is outside the (adult) cohort. */
    minimumAge: z.number().int().nonnegative(),
    /** Release types (case-insensitive substrings) that mean a transfer to another prison. */
    transferReleaseTypes: z.array(z.string()),
    /** Release types (case-insensitive substrings) that mean deportation or removal. */
    deportationReleaseTypes: z.array(z.string()),
  }),
  exclusions: z.object({
    died: z.boolean(),
    deported: z.boolean(),
    /** Released again within the window (so recalled to custody inside it). */
    recalledWithinWindow: z.boolean(),
  }),
  /** A referral this many days before release, or any time after it, is a handover. */
  handoverLookbackDays: z.number().int().nonnegative(),
  /** Links at or above `upper` are accepted; between `lower` and `upper` they need review. */
  reviewThresholds: z
    .object({ lower: z.number().gt(0).lt(1), upper: z.number().gt(0).lte(1) })
    .refine((t) => t.lower <= t.upper, { message: 'lower must not exceed upper' }),
});

export type ContinuityRule = z.infer<typeof ruleSchema>;

/** The default: OHID's wording, 21 days from release inclusive, structured treatment start. */
export const DEFAULT_RULE: ContinuityRule = {
  name: 'ohid-c20-default',
  version: 1,
  windowDays: 21,
  engagementEvents: ['treatmentStartDate'],
  cohort: {
    requireSubstanceNeed: true,
    minimumAge: 18,
    transferReleaseTypes: ['transfer', 'trn'],
    deportationReleaseTypes: ['deport', 'removal', 'ers'],
  },
  exclusions: { died: true, deported: true, recalledWithinWindow: true },
  handoverLookbackDays: 84,
  reviewThresholds: { lower: 0.5, upper: 0.9 },
};

export type RuleParse = { ok: true; rule: ContinuityRule } | { ok: false; message: string };

/** Reads a rule file; fields it leaves out take the default's values. */
export function parseRule(json: string, fileName: string): RuleParse {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { ok: false, message: `${fileName}: not valid JSON (${(e as Error).message})` };
  }
  if (typeof data !== 'object' || data === null)
    return { ok: false, message: `${fileName}: not a rule object` };
  const given = data as Record<string, unknown>;
  const merged = {
    ...DEFAULT_RULE,
    ...given,
    cohort: { ...DEFAULT_RULE.cohort, ...(given.cohort as object) },
    exclusions: { ...DEFAULT_RULE.exclusions, ...(given.exclusions as object) },
    reviewThresholds: { ...DEFAULT_RULE.reviewThresholds, ...(given.reviewThresholds as object) },
  };
  const parsed = ruleSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${fileName}: ${issue.path.join('.') || '(top level)'}: ${issue.message}` };
  }
  return { ok: true, rule: parsed.data };
}
