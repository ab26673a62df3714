import { parseArgs } from 'node:util';
import { UserError } from './io';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** node:util parseArgs with the user-facing wording this CLI uses for mistakes. */
export function parse<T extends OptionSpec>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(`${(e as Error).message.replace(/\. To specify.*$/, '')}\n\nUsage: ${usage}`);
  }
}

export function numberOption(
  value: string | undefined,
  name: string,
  check: (n: number) => boolean,
  what: string,
) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new UserError(`--${name} must be ${what}, got "${value}"`);
  return n;
}

export function requireOption<V>(value: V | undefined, name: string, usage: string): V {
  if (value === undefined) throw new UserError(`--${name} is required.\n\nUsage: ${usage}`);
  return value;
}
