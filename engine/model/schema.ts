import { z } from 'zod';
import type { Condition } from '../compare';
import { MODEL_FORMAT, MODEL_VERSION, type Model } from './model';

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('missing'), column: z.string() }),
    z.object({ kind: z.literal('exact'), column: z.string() }),
    z.object({ kind: z.literal('jaroWinkler'), column: z.string(), atLeast: z.number().gt(0).lte(1) }),
    z.object({ kind: z.literal('levenshtein'), column: z.string(), atMost: z.number().int().nonnegative() }),
    z.object({ kind: z.literal('swapped'), column: z.string(), other: z.string() }),
    z.object({ kind: z.literal('listsIntersect'), column: z.string() }),
    z.object({ kind: z.literal('inList'), column: z.string(), list: z.string() }),
    z.object({ kind: z.literal('dayMonthSwap'), column: z.string() }),
    z.object({ kind: z.literal('oneDigitOff'), column: z.string() }),
    z.object({ kind: z.literal('datesWithin'), column: z.string(), days: z.number().nonnegative() }),
    z.object({ kind: z.literal('and'), all: z.array(condition) }),
    z.object({ kind: z.literal('or'), any: z.array(condition) }),
    z.object({ kind: z.literal('not'), condition }),
    z.object({ kind: z.literal('else') }),
  ]),
);

const probability = z.number().gt(0).lte(1);

const level = z.object({
  label: z.string(),
  when: condition,
  isNull: z.boolean().optional(),
  tf: z.string().optional(),
  m: probability.optional(),
  u: probability.optional(),
});

export const modelSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  linkType: z.enum(['link', 'dedupe']),
  probabilityTwoRandomRecordsMatch: z.number().gt(0).lt(1),
  comparisons: z
    .array(
      z
        .object({ name: z.string(), label: z.string(), levels: z.array(level).min(2) })
        .refine((c) => c.levels[0].isNull === true, { message: 'the first level must be the null level' })
        .refine((c) => c.levels.every((l) => l.isNull || (l.m !== undefined && l.u !== undefined)), {
          message: 'every level but the null level needs m and u',
        }),
    )
    .min(1),
  blockingRules: z.array(z.object({ on: z.array(z.string()).min(1) })).min(1),
  training: z.object({
    method: z.enum(['unsupervised', 'labels']),
    seed: z.number(),
    uSamplePairs: z.number(),
    candidatePairs: z.number(),
    emIterations: z.number(),
    emConverged: z.boolean(),
    candidateMatchShare: z.number(),
    labelledPairs: z.number().optional(),
    sessions: z
      .array(
        z.object({
          rule: z.string(),
          pairs: z.number(),
          excluded: z.array(z.string()),
          matchShare: z.number(),
          iterations: z.number(),
          converged: z.boolean(),
        }),
      )
      .optional(),
  }),
});

export type ModelParse = { ok: true; model: Model } | { ok: false; message: string };

/** Reads a saved model, with a message naming the first problem and where it is. */
export function parseModel(json: string, fileName: string): ModelParse {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { ok: false, message: `${fileName}: not valid JSON (${(e as Error).message})` };
  }
  const parsed = modelSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.') || '(top level)';
    return { ok: false, message: `${fileName}: not a throughline model: ${path}: ${issue.message}` };
  }
  return { ok: true, model: parsed.data as Model };
}
