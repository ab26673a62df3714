import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Progress } from '../api/progress';

/** Where the CLI writes: injectable so tests can capture output. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Prints the start of each stage; per-chunk updates (those with a fraction) are for progress bars. */
export const stageMessages =
  (io: CliIo) =>
  (p: Progress): void => {
    if (p.fraction === undefined) io.err(`[${p.stage}] ${p.message}`);
  };

/** A problem the user can fix (bad input, wrong option): printed plainly, exit code 2. */
export class UserError extends Error {}

/**
 * Writes files so that a reader never sees half of one: each goes to a temporary name in the
 * same directory first and is renamed into place once all are written.
 */
export async function writeAtomically(dir: string, files: Record<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const staged: [string, string][] = [];
  const suffix = `.tmp-${process.pid}-${Date.now()}`;
  for (const [name, content] of Object.entries(files)) {
    const target = join(dir, name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target + suffix, content);
    staged.push([target + suffix, target]);
  }
  for (const [from, to] of staged) await rename(from, to);
  return staged.map(([, to]) => to);
}

/** Reads a file the user named; a missing or unreadable file is a UserError naming it. */
export async function readInput(path: string, what?: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(
      `${what ? `${what} ` : ''}${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
}

export const readText = async (path: string, what?: string): Promise<string> =>
  (await readInput(path, what)).toString('utf8');
