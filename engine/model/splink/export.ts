import type { BlockingRule } from '../../block';
import type { Condition, Level } from '../../compare';
import type { Model } from '../model';
import { POSTCODE_PARTS, type SplinkLevel, type SplinkSettings } from './settings';

/** throughline model -> Splink 4 settings document (DuckDB SQL). */

export function exportSplink(
  model: Model,
  options: { columnNames?: Record<string, string> } = {},
): SplinkSettings {
  const rename = (c: string) => options.columnNames?.[c] ?? c;
  return {
    link_type: model.linkType === 'link' ? 'link_only' : 'dedupe_only',
    probability_two_random_records_match: model.probabilityTwoRandomRecordsMatch,
    retain_matching_columns: true,
    retain_intermediate_calculation_columns: true,
    additional_columns_to_retain: [],
    sql_dialect: 'duckdb',
    em_convergence: 0.0001,
    max_iterations: 25,
    unique_id_column_name: 'unique_id',
    source_dataset_column_name: 'source_dataset',
    blocking_rules_to_generate_predictions: model.blockingRules.map((r) => ({
      blocking_rule: blockingSql(r, rename),
      sql_dialect: 'duckdb' as const,
    })),
    comparisons: model.comparisons.map((c) => ({
      output_column_name: c.name,
      comparison_description: c.label,
      comparison_levels: c.levels.map((l) => exportLevel(l, rename)),
    })),
  };
}

function exportLevel(l: Level, rename: (c: string) => string): SplinkLevel {
  const out: SplinkLevel = { sql_condition: conditionSql(l.when, rename), label_for_charts: l.label };
  if (!l.isNull && l.m !== undefined) out.m_probability = l.m;
  if (!l.isNull && l.u !== undefined) out.u_probability = l.u;
  if (l.isNull) out.is_null_level = true;
  if (l.tf) {
    out.tf_adjustment_column = rename(l.tf);
    out.tf_adjustment_weight = 1.0;
  }
  return out;
}

function blockingSql(rule: BlockingRule, rename: (c: string) => string): string {
  const parts = rule.on.map((part) => {
    const [name, transform] = part.split(':');
    const q = (side: string) => `${side}."${rename(name)}"`;
    const text = (side: string) => `CAST(${q(side)} AS TEXT)`;
    if (transform === undefined) return `${q('l')} = ${q('r')}`;
    if (transform === 'year') return `SUBSTR(${text('l')}, 1, 4) = SUBSTR(${text('r')}, 1, 4)`;
    if (transform === 'month-day') return `SUBSTR(${text('l')}, 5, 4) = SUBSTR(${text('r')}, 5, 4)`;
    return `SUBSTR(${q('l')}, 1, ${Number(transform)}) = SUBSTR(${q('r')}, 1, ${Number(transform)})`;
  });
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' AND ');
}

export const dayMonthSwapSql = (l: string, r: string) => {
  const s = (col: string, from: number, n: number) => `SUBSTR(CAST(${col} AS TEXT), ${from}, ${n})`;
  return (
    `${s(l, 1, 4)} = ${s(r, 1, 4)} AND ${s(l, 5, 2)} = ${s(r, 7, 2)} AND ` +
    `${s(l, 7, 2)} = ${s(r, 5, 2)} AND ${l} <> ${r}`
  );
};

const yyyymmdd = (col: string) => `strptime(CAST(${col} AS TEXT), '%Y%m%d')`;

export function conditionSql(c: Condition, rename: (c: string) => string = (x) => x): string {
  const q = (col: string, side: 'l' | 'r') => `"${rename(col)}_${side}"`;
  const group = (cs: Condition[], op: string) =>
    cs.map((x) => `(${conditionSql(x, rename)})`).join(` ${op} `);
  switch (c.kind) {
    case 'else':
      return 'ELSE';
    case 'missing':
      return `${q(c.column, 'l')} IS NULL OR ${q(c.column, 'r')} IS NULL`;
    case 'exact': {
      const pattern = POSTCODE_PARTS[c.column];
      if (pattern) {
        const part = (side: 'l' | 'r') =>
          `NULLIF(regexp_extract(${q('postcode', side)}, '${pattern}', 0), '')`;
        return `${part('l')} = ${part('r')}`;
      }
      return `${q(c.column, 'l')} = ${q(c.column, 'r')}`;
    }
    case 'jaroWinkler':
      return `jaro_winkler_similarity(${q(c.column, 'l')}, ${q(c.column, 'r')}) >= ${c.atLeast}`;
    case 'levenshtein':
      return `levenshtein(${q(c.column, 'l')}, ${q(c.column, 'r')}) <= ${c.atMost}`;
    case 'swapped':
      return `${q(c.column, 'l')} = ${q(c.other, 'r')} AND ${q(c.other, 'l')} = ${q(c.column, 'r')}`;
    case 'listsIntersect':
      return `len(list_intersect(${q(c.column, 'l')}, ${q(c.column, 'r')})) > 0`;
    case 'inList':
      return (
        `list_contains(${q(c.list, 'r')}, ${q(c.column, 'l')}) OR ` +
        `list_contains(${q(c.list, 'l')}, ${q(c.column, 'r')})`
      );
    case 'dayMonthSwap':
      return dayMonthSwapSql(q(c.column, 'l'), q(c.column, 'r'));
    case 'oneDigitOff':
      return `damerau_levenshtein(CAST(${q(c.column, 'l')} AS TEXT), CAST(${q(c.column, 'r')} AS TEXT)) <= 1`;
    case 'datesWithin':
      return `ABS(date_diff('day', ${yyyymmdd(q(c.column, 'l'))}, ${yyyymmdd(q(c.column, 'r'))})) <= ${c.days}`;
    case 'and':
      return group(c.all, 'AND');
    case 'or':
      return group(c.any, 'OR');
    case 'not':
      return `NOT (${conditionSql(c.condition, rename)})`;
  }
}
