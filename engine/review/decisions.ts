import Papa from 'papaparse';
import type { Decision } from '../../shared/workspace';

/**
 * Clerical decisions on pairs: a person looked at two records and said whether they are the
 * same person. Decisions override the model in linking and clustering, are keyed by the records'
 * own ids so they survive re-runs and new imports, and are reported.
 */
export type { Decision };

export interface PairDecision {
  leftId: string;
  rightId: string;
  decision: Decision;
  by: string;
  reason: string;
  decidedAt: string;
}

export const DECISIONS_HEADER = ['left_id', 'right_id', 'decision', 'by', 'reason', 'decided_at'] as const;

export type DecisionsParse = { ok: true; decisions: PairDecision[] } | { ok: false; problems: string[] };

const DECISIONS = new Set<string>(['same', 'not_same', 'unsure']);

/**
 * Reads a decisions CSV. A later line about the same pair replaces an earlier one (the file is a
 * log that can be appended to). Problems name the file, row and column.
 */
export function parseDecisions(text: string, fileName: string): DecisionsParse {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim().toLowerCase(),
    transform: (v) => v.trim(),
  });
  const fields = parsed.meta.fields ?? [];
  const problems: string[] = [];
  for (const f of ['left_id', 'right_id', 'decision'])
    if (!fields.includes(f)) problems.push(`${fileName}: needs a column "${f}"`);
  if (problems.length) return { ok: false, problems };
  const byPair = new Map<string, PairDecision>();
  parsed.data.forEach((r, i) => {
    const row = i + 2;
    const decision = (r.decision ?? '').toLowerCase().replace(/[\s-]+/g, '_');
    if (!r.left_id || !r.right_id)
      problems.push(`${fileName}, row ${row}: left_id and right_id are both needed`);
    else if (!DECISIONS.has(decision))
      problems.push(
        `${fileName}, row ${row}, column "decision": expected same, not_same or unsure, got "${r.decision}"`,
      );
    else
      byPair.set(pairKey(r.left_id, r.right_id), {
        leftId: r.left_id,
        rightId: r.right_id,
        decision: decision as Decision,
        by: r.by ?? '',
        reason: r.reason ?? '',
        decidedAt: r.decided_at ?? '',
      });
  });
  return problems.length ? { ok: false, problems } : { ok: true, decisions: [...byPair.values()] };
}

export const pairKey = (leftId: string, rightId: string): string => `${leftId}\u0000${rightId}`;
