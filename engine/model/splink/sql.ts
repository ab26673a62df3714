/** Quote- and parenthesis-aware scanning of the SQL in Splink settings. */

/** Walks s calling visit(i) at every character outside quotes at parenthesis depth 0. */
export function scanTop(s: string, visit: (i: number) => number | undefined): void {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) {
      const skip = visit(i);
      if (skip !== undefined) i = skip - 1;
    }
  }
}

export function closingParen(s: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

export function stripParens(s: string): string {
  let t = s.trim();
  while (t.startsWith('(') && closingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/** Splits on a keyword (AND, OR) at depth 0. */
export function splitTop(s: string, keyword: 'AND' | 'OR'): string[] {
  const parts: string[] = [];
  let start = 0;
  const re = new RegExp(`^\\s+${keyword}\\s+`, 'i');
  scanTop(s, (i) => {
    if (!/\s/.test(s[i])) return undefined;
    const m = re.exec(s.slice(i));
    if (!m) return undefined;
    parts.push(s.slice(start, i).trim());
    start = i + m[0].length;
    return start;
  });
  parts.push(s.slice(start).trim());
  return parts;
}

export function splitArgs(s: string): string[] {
  const parts: string[] = [];
  let start = 0;
  scanTop(s, (i) => {
    if (s[i] !== ',') return undefined;
    parts.push(s.slice(start, i).trim());
    start = i + 1;
    return undefined;
  });
  parts.push(s.slice(start).trim());
  return parts;
}

export function call(s: string): { name: string; args: string[] } | null {
  const t = stripParens(s);
  const m = /^(\w+)\s*\(/.exec(t);
  if (!m) return null;
  const open = m[0].length - 1;
  if (closingParen(t, open) !== t.length - 1) return null;
  return { name: m[1].toLowerCase(), args: splitArgs(t.slice(open + 1, -1)) };
}

export const OPERATORS = ['<=', '>=', '<>', '!=', '=', '<', '>'];

export function comparisonOf(s: string): { lhs: string; op: string; rhs: string } | null {
  let found: { lhs: string; op: string; rhs: string } | null = null;
  scanTop(s, (i) => {
    if (found) return s.length;
    const op = OPERATORS.find((o) => s.startsWith(o, i));
    if (!op || s[i + op.length] === ':' || s[i - 1] === ':') return undefined;
    found = { lhs: s.slice(0, i).trim(), op, rhs: s.slice(i + op.length).trim() };
    return s.length;
  });
  return found;
}

export interface Ref {
  column: string;
  side: 'l' | 'r';
  date: boolean;
  regex?: string;
}

/** A column reference `"x_l"` / `x_r`, looking through casts, date parsing and regexp_extract. */
export function refOf(s: string): Ref | null {
  let t = stripParens(s);
  let date = false;
  let regex: string | undefined;
  for (;;) {
    const cast = /^CAST\s*\(([\s\S]*)\s+AS\s+(TEXT|VARCHAR|STRING|DATE)\s*\)$/i.exec(t);
    if (cast) {
      if (cast[2].toUpperCase() === 'DATE') date = true;
      t = stripParens(cast[1]);
      continue;
    }
    const colons = /^([\s\S]*)::\s*(TEXT|VARCHAR|STRING|DATE)$/i.exec(t);
    if (colons) {
      if (colons[2].toUpperCase() === 'DATE') date = true;
      t = stripParens(colons[1]);
      continue;
    }
    const fn = call(t);
    if (fn && (fn.name === 'strptime' || fn.name === 'try_strptime') && fn.args.length === 2) {
      date = true;
      t = stripParens(fn.args[0]);
      continue;
    }
    if (fn && fn.name === 'nullif' && fn.args.length === 2 && fn.args[1] === "''") {
      t = stripParens(fn.args[0]);
      continue;
    }
    if (fn && fn.name === 'regexp_extract' && fn.args.length >= 2 && /^'.*'$/.test(fn.args[1])) {
      regex = fn.args[1].slice(1, -1);
      t = stripParens(fn.args[0]);
      continue;
    }
    break;
  }
  const m = /^"([^"]+)_([lr])"$/.exec(t) ?? /^([A-Za-z_]\w*)_([lr])$/.exec(t);
  if (!m) return null;
  return { column: m[1], side: m[2] as 'l' | 'r', date, ...(regex !== undefined ? { regex } : {}) };
}

/** Both sides of a two-argument function or an equality: the same column, left then right. */
export function pairOf(a: string, b: string): [Ref, Ref] | null {
  const x = refOf(a);
  const y = refOf(b);
  if (!x || !y || x.column !== y.column || x.side === y.side || x.regex !== y.regex) return null;
  return [x, y];
}

export const numberOf = (s: string): number | null => (/^\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : null);
