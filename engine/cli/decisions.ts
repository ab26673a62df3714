import { basename } from 'node:path';
import { type PairDecision, parseDecisions } from '../review';
import { readText, UserError } from './io';

export async function loadDecisions(path: string | undefined): Promise<PairDecision[] | undefined> {
  if (path === undefined) return undefined;
  const text = await readText(path, 'Decisions file');
  const parsed = parseDecisions(text, basename(path));
  if (!parsed.ok) throw new UserError(parsed.problems.join('\n'));
  return parsed.decisions;
}
