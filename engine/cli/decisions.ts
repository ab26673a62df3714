import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type PairDecision, parseDecisions } from '../review';
import { UserError } from './io';

export async function loadDecisions(path: string | undefined): Promise<PairDecision[] | undefined> {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`Decisions file ${path}: no such file`);
  }
  const parsed = parseDecisions(text, basename(path));
  if (!parsed.ok) throw new UserError(parsed.problems.join('\n'));
  return parsed.decisions;
}
