import { z } from 'zod';
import type { BlockingRule } from '../../block';
import type { Comparison, Condition, Level } from '../../compare';
import { MODEL_FORMAT, MODEL_VERSION, type Model } from '../model';
import { dayMonthSwapSql } from './export';
import { FRAME_COLUMNS, INT_COLUMNS, LISTS, POSTCODE_PARTS, SPLINK_SYNONYMS } from './settings';
import { call, comparisonOf, numberOf, pairOf, refOf, scanTop, splitTop, stripParens } from './sql';

/** Splink saved model or settings document -> throughline model. */

class Unsupported extends Error {}

interface Context {
  column: (splinkName: string) => string;
  warn: (message: string) => void;
}

function recognise(sql: string, ctx: Context): Condition {
  const s = stripParens(sql);
  if (/^ELSE$/i.test(s)) return { kind: 'else' };

  const ors = splitTop(s, 'OR');
  if (ors.length === 2) {
    const nulls = ors.map((p) => /^([\s\S]*)\s+IS\s+NULL$/i.exec(stripParens(p)));
    if (nulls[0] && nulls[1]) {
      const pair = pairOf(nulls[0][1], nulls[1][1]);
      if (pair) return { kind: 'missing', column: ctx.column(pair[0].column) };
    }
    const contains = ors.map(call);
    if (contains.every((c) => c?.name === 'list_contains' && c.args.length === 2)) {
      const [a, b] = contains.map((c) => c!.args.map(refOf));
      if (
        a[0] &&
        a[1] &&
        b[0] &&
        b[1] &&
        a[0].column === b[0].column &&
        a[1].column === b[1].column &&
        a[0].side !== b[0].side &&
        a[0].side !== a[1].side
      )
        return { kind: 'inList', column: ctx.column(a[1].column), list: ctx.column(a[0].column) };
    }
  }

  const ands = splitTop(s, 'AND');
  const swap = /^SUBSTR\(CAST\(("[^"]+_l"|\w+_l) AS TEXT\), 1, 4\)/i.exec(s);
  if (swap) {
    const right = swap[1].replace(/_l("?)$/, '_r$1');
    if (s.replace(/\s+/g, ' ') === dayMonthSwapSql(swap[1], right)) {
      const ref = refOf(swap[1])!;
      return { kind: 'dayMonthSwap', column: ctx.column(ref.column) };
    }
  }
  if (ands.length === 2) {
    const [c1, c2] = ands.map((p) => comparisonOf(stripParens(p)));
    if (c1?.op === '=' && c2?.op === '=') {
      const [a1, b1, a2, b2] = [c1.lhs, c1.rhs, c2.lhs, c2.rhs].map(refOf);
      if (
        a1 &&
        b1 &&
        a2 &&
        b2 &&
        a1.side === 'l' &&
        b1.side === 'r' &&
        a2.side === 'l' &&
        b2.side === 'r' &&
        a1.column !== b1.column &&
        a1.column === b2.column &&
        b1.column === a2.column
      )
        return { kind: 'swapped', column: ctx.column(a1.column), other: ctx.column(b1.column) };
    }
  }

  if (ors.length > 1) return { kind: 'or', any: ors.map((p) => recognise(p, ctx)) };
  if (ands.length > 1) return { kind: 'and', all: ands.map((p) => recognise(p, ctx)) };
  const not = /^NOT\s+([\s\S]+)$/i.exec(s);
  if (not) return { kind: 'not', condition: recognise(not[1], ctx) };

  const cmp = comparisonOf(s);
  if (cmp) return recogniseComparison(cmp, ctx);
  throw new Unsupported('not a condition throughline recognises');
}

function recogniseComparison(cmp: { lhs: string; op: string; rhs: string }, ctx: Context): Condition {
  if (cmp.op === '=') {
    const pair = pairOf(cmp.lhs, cmp.rhs);
    if (!pair) throw new Unsupported('an equality that is not one column on both sides');
    const column = ctx.column(pair[0].column);
    if (pair[0].regex !== undefined) {
      const part = Object.entries(POSTCODE_PARTS).find(([, p]) => p === pair[0].regex)?.[0];
      if (column !== 'postcode' || !part)
        throw new Unsupported(`an exact match on a regular-expression extract (${pair[0].regex})`);
      return { kind: 'exact', column: part };
    }
    return { kind: 'exact', column };
  }
  const n = numberOf(cmp.rhs);
  if (n === null) throw new Unsupported('a comparison with something other than a number');
  const fn = call(cmp.lhs);
  if (!fn) throw new Unsupported('a comparison of an expression throughline does not know');
  const twoColumns = () => {
    const pair = fn.args.length === 2 ? pairOf(fn.args[0], fn.args[1]) : null;
    if (!pair) throw new Unsupported(`${fn.name} of something other than one column on both sides`);
    return ctx.column(pair[0].column);
  };
  const atMost = (): number => {
    if (cmp.op === '<=') return n;
    if (cmp.op === '<' && Number.isInteger(n)) return n - 1;
    throw new Unsupported(`${fn.name} compared with ${cmp.op}`);
  };

  switch (fn.name) {
    case 'jaro_winkler_similarity':
    case 'jaro_similarity': {
      const column = twoColumns();
      if (!(cmp.op === '>=' || cmp.op === '>')) throw new Unsupported(`${fn.name} compared with ${cmp.op}`);
      if (INT_COLUMNS.has(column) || LISTS.has(column))
        throw new Unsupported(`${fn.name} on ${column}, which is not a text column`);
      if (fn.name === 'jaro_similarity')
        ctx.warn(`Jaro similarity is read as Jaro-Winkler (>= ${n}), which scores shared prefixes higher`);
      if (cmp.op === '>') ctx.warn(`Jaro-Winkler > ${n} is read as >= ${n}`);
      return { kind: 'jaroWinkler', column, atLeast: n };
    }
    case 'levenshtein':
    case 'damerau_levenshtein': {
      const column = twoColumns();
      const k = atMost();
      if (LISTS.has(column)) throw new Unsupported(`${fn.name} on the list column ${column}`);
      if (INT_COLUMNS.has(column)) {
        if (k !== 1) throw new Unsupported(`edit distance ${k} on the date column ${column}`);
        if (fn.name === 'levenshtein')
          ctx.warn(
            `Levenshtein distance <= 1 on ${column} is read as "one digit off", which also accepts two adjacent digits transposed`,
          );
        return { kind: 'oneDigitOff', column };
      }
      if (fn.name === 'damerau_levenshtein')
        ctx.warn(
          `Damerau-Levenshtein <= ${k} is read as Levenshtein <= ${k}: throughline counts a transposition as two edits`,
        );
      return { kind: 'levenshtein', column, atMost: k };
    }
    case 'len':
    case 'length':
    case 'array_length':
    case 'list_length':
    case 'len_list': {
      const inner = fn.args.length === 1 ? call(fn.args[0]) : null;
      if (!inner || (inner.name !== 'list_intersect' && inner.name !== 'array_intersect'))
        throw new Unsupported(`${fn.name} of something other than list_intersect`);
      if (!((cmp.op === '>' && n === 0) || (cmp.op === '>=' && n === 1)))
        throw new Unsupported('a list intersection of more than one item');
      const pair = inner.args.length === 2 ? pairOf(inner.args[0], inner.args[1]) : null;
      if (!pair) throw new Unsupported('list_intersect of something other than one column on both sides');
      return { kind: 'listsIntersect', column: ctx.column(pair[0].column) };
    }
    case 'abs': {
      if (fn.args.length !== 1) throw new Unsupported('ABS of more than one argument');
      const limit = atMost();
      const { column, days } = dateDifference(fn.args[0], limit, ctx);
      if (!INT_COLUMNS.has(column))
        throw new Unsupported(`a date difference on ${column}, not a date column`);
      return { kind: 'datesWithin', column, days };
    }
    default:
      throw new Unsupported(`the function ${fn.name}`);
  }
}

const DAYS_PER_UNIT: Record<string, number> = { day: 1, month: 30.44, year: 365.25 };

function dateDifference(expr: string, limit: number, ctx: Context): { column: string; days: number } {
  const diff = call(expr);
  if (diff && (diff.name === 'date_diff' || diff.name === 'datediff') && diff.args.length === 3) {
    const unit = /^'(\w+?)s?'$/i.exec(diff.args[0])?.[1].toLowerCase();
    const perUnit = unit ? DAYS_PER_UNIT[unit] : undefined;
    const pair = pairOf(diff.args[1], diff.args[2]);
    if (perUnit === undefined || !pair) throw new Unsupported('a date difference throughline does not know');
    const days = Math.round(limit * perUnit);
    if (unit !== 'day')
      ctx.warn(
        `a date difference of ${limit} ${unit}(s) is read as ${days} days (${perUnit} days a ${unit})`,
      );
    return { column: ctx.column(pair[0].column), days };
  }
  // ABS(EPOCH(a) - EPOCH(b)) <= seconds
  let minus = -1;
  scanTop(expr, (i) => {
    if (minus < 0 && expr[i] === '-') minus = i;
    return undefined;
  });
  const a = minus > 0 ? call(expr.slice(0, minus)) : null;
  const b = minus > 0 ? call(expr.slice(minus + 1)) : null;
  if (a?.name !== 'epoch' || b?.name !== 'epoch' || a.args.length !== 1 || b.args.length !== 1)
    throw new Unsupported('an absolute difference throughline does not know');
  const pair = pairOf(a.args[0], b.args[0]);
  if (!pair) throw new Unsupported('EPOCH of something other than one column on both sides');
  return { column: ctx.column(pair[0].column), days: Math.floor(limit / 86400 + 1e-9) };
}

/** One blocking-rule part: `l.x = r.x`, SUBSTR prefixes, dob year or month-day. */
function blockingPart(sql: string, column: (c: string) => string): string | null {
  const cmp = comparisonOf(stripParens(sql));
  if (cmp?.op !== '=') return null;
  const ref = (s: string): { column: string; side: string; from?: number; length?: number } | null => {
    let t = stripParens(s);
    let from: number | undefined;
    let length: number | undefined;
    const fn = call(t);
    if (fn && (fn.name === 'substr' || fn.name === 'substring') && fn.args.length === 3) {
      from = numberOf(fn.args[1]) ?? undefined;
      length = numberOf(fn.args[2]) ?? undefined;
      if (from === undefined || length === undefined) return null;
      t = fn.args[0];
    }
    t = stripParens(t);
    const cast = /^CAST\s*\(([\s\S]*)\s+AS\s+(TEXT|VARCHAR|STRING)\s*\)$/i.exec(t);
    if (cast) t = stripParens(cast[1]);
    const m = /^([lr])\.("?)(\w+)\2$/.exec(t);
    return m ? { column: m[3], side: m[1], from, length } : null;
  };
  const a = ref(cmp.lhs);
  const b = ref(cmp.rhs);
  if (!a || !b || a.column !== b.column || a.side === b.side || a.from !== b.from || a.length !== b.length)
    return null;
  const name = column(a.column);
  if (LISTS.has(name)) return null;
  if (a.from === undefined) return name;
  if (INT_COLUMNS.has(name)) {
    if (a.from === 1 && a.length === 4) return `${name}:year`;
    if (a.from === 5 && a.length === 4) return `${name}:month-day`;
    return null;
  }
  return a.from === 1 && a.length! >= 1 ? `${name}:${a.length}` : null;
}

const probabilityField = z.number().nullable().optional();

const splinkSchema = z.object({
  link_type: z.enum(['link_only', 'dedupe_only', 'link_and_dedupe']),
  probability_two_random_records_match: z.number().gt(0).lt(1).optional(),
  blocking_rules_to_generate_predictions: z
    .array(z.union([z.string(), z.object({ blocking_rule: z.string(), sql_dialect: z.string().optional() })]))
    .optional(),
  comparisons: z
    .array(
      z.object({
        output_column_name: z.string().optional(),
        comparison_description: z.string().optional(),
        comparison_levels: z
          .array(
            z.object({
              sql_condition: z.string(),
              label_for_charts: z.string().optional(),
              m_probability: probabilityField,
              u_probability: probabilityField,
              is_null_level: z.boolean().optional(),
              tf_adjustment_column: z.string().nullable().optional(),
              tf_adjustment_weight: z.number().nullable().optional(),
            }),
          )
          .min(2),
      }),
    )
    .min(1),
});

export interface SplinkImportOptions {
  /** Drop a comparison that has a level kind throughline cannot evaluate (with a warning) instead of failing. */
  skipUnsupported?: boolean;
  /** throughline column -> Splink column, as given to exportSplink; checked before the synonyms. */
  columnNames?: Record<string, string>;
}

export type SplinkImport = { ok: true; model: Model; warnings: string[] } | { ok: false; message: string };

const DEFAULT_PRIOR = 0.0001;

export function importSplink(
  json: unknown,
  fileName: string,
  options: SplinkImportOptions = {},
): SplinkImport {
  const parsed = splinkSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.') || '(top level)';
    return { ok: false, message: `${fileName}: not a Splink settings document: ${path}: ${issue.message}` };
  }
  const doc = parsed.data;
  const warnings: string[] = [];
  const unmapped = new Set<string>();
  const explicit = new Map(Object.entries(options.columnNames ?? {}).map(([ours, theirs]) => [theirs, ours]));
  const column = (name: string): string => {
    const mapped =
      explicit.get(name) ?? SPLINK_SYNONYMS[name] ?? (FRAME_COLUMNS.has(name) ? name : undefined);
    if (mapped !== undefined) return mapped;
    if (!unmapped.has(name)) {
      unmapped.add(name);
      warnings.push(
        `${fileName}: Splink column "${name}" has no throughline equivalent; it keeps its name and will be ` +
          `missing unless the data has such a column`,
      );
    }
    return name;
  };

  const linkType = doc.link_type === 'dedupe_only' ? 'dedupe' : 'link';
  if (doc.link_type === 'link_and_dedupe')
    warnings.push(`${fileName}: link_and_dedupe is imported as a link: pairs within one file are not scored`);
  let prior = doc.probability_two_random_records_match;
  if (prior === undefined) {
    prior = DEFAULT_PRIOR;
    warnings.push(
      `${fileName}: no probability_two_random_records_match; using Splink's default ${DEFAULT_PRIOR}`,
    );
  }

  const hasAnyMu = doc.comparisons.some((c) =>
    c.comparison_levels.some((l) => !l.is_null_level && (l.m_probability != null || l.u_probability != null)),
  );
  if (!hasAnyMu)
    warnings.push(
      `${fileName}: a settings document without m and u probabilities: the model must be trained`,
    );

  const comparisons: Comparison[] = [];
  for (const [ci, c] of doc.comparisons.entries()) {
    const name = c.output_column_name ?? `comparison_${ci + 1}`;
    const levels: Level[] = [];
    let skipped = false;
    for (const [li, l] of c.comparison_levels.entries()) {
      const label = l.label_for_charts ?? l.sql_condition;
      const where = `${fileName}: comparison "${name}", level ${li} ("${label}")`;
      let when: Condition;
      try {
        when = recognise(l.sql_condition, {
          column,
          warn: (m) => warnings.push(`${where}: ${m}`),
        });
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        const what = `${where}: level kind not supported (${e.message}): ${l.sql_condition}`;
        if (!options.skipUnsupported) return { ok: false, message: what };
        warnings.push(`${what}; the comparison "${name}" is dropped`);
        skipped = true;
        break;
      }
      const level: Level = { label, when };
      const isNull = l.is_null_level === true;
      if (isNull) level.isNull = true;
      if (l.tf_adjustment_column) {
        const tf = column(l.tf_adjustment_column);
        if (INT_COLUMNS.has(tf) || LISTS.has(tf)) {
          warnings.push(`${where}: term-frequency adjustment on ${tf} (not a text column) is dropped`);
        } else {
          level.tf = tf;
          const w = l.tf_adjustment_weight ?? 1;
          if (w !== 1)
            warnings.push(
              `${where}: tf_adjustment_weight ${w} is read as 1 (throughline applies the full adjustment)`,
            );
        }
      }
      if (!isNull) {
        const m = l.m_probability ?? undefined;
        const u = l.u_probability ?? undefined;
        if (hasAnyMu && (m === undefined || u === undefined))
          return {
            ok: false,
            message: `${where}: a saved model level without m_probability and u_probability`,
          };
        if (m !== undefined) level.m = m;
        if (u !== undefined) level.u = u;
      }
      levels.push(level);
    }
    if (skipped) continue;
    if (!levels[0]?.isNull) {
      if (levels[0]?.when.kind === 'missing') levels[0].isNull = true;
      else {
        const what = `${fileName}: comparison "${name}" does not start with a null level`;
        if (!options.skipUnsupported) return { ok: false, message: what };
        warnings.push(`${what}; it is dropped`);
        continue;
      }
    }
    comparisons.push({ name, label: c.comparison_description ?? name, levels });
  }
  if (comparisons.length === 0) return { ok: false, message: `${fileName}: no comparison could be imported` };

  const blockingRules: BlockingRule[] = [];
  for (const r of doc.blocking_rules_to_generate_predictions ?? []) {
    const sql = typeof r === 'string' ? r : r.blocking_rule;
    const parts = splitTop(stripParens(sql), 'AND').map((p) => blockingPart(p, column));
    if (parts.every((p): p is string => p !== null)) blockingRules.push({ on: parts });
    else warnings.push(`${fileName}: blocking rule not supported, dropped: ${sql}`);
  }
  if (blockingRules.length === 0)
    return {
      ok: false,
      message: `${fileName}: no blocking rule throughline can use (it needs at least one)`,
    };

  return {
    ok: true,
    warnings,
    model: {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      linkType,
      probabilityTwoRandomRecordsMatch: prior,
      comparisons,
      blockingRules,
      training: {
        method: 'unsupervised',
        seed: 0,
        uSamplePairs: 0,
        candidatePairs: 0,
        emIterations: 0,
        emConverged: true,
        candidateMatchShare: 0,
      },
    },
  };
}
