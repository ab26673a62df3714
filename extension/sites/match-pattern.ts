/**
 * Chrome match patterns (`<scheme>://<host>[:<port>]/<path>`), as the overlay's site adapters
 * declare where they apply: checked when an adapter is validated, matched against a page's URL by
 * the content script, and turned into the origin a permission request asks for.
 * https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns
 *
 * Deliberately narrower than Chrome: only http and https (case systems are web pages), no
 * `<all_urls>` and no bare `*` host (an adapter is for one case system, not every site). A pattern
 * without a port matches every port, as in Chrome.
 */

export interface MatchPattern {
  scheme: 'http' | 'https' | '*';
  /** `*`, `*.example.org` or `example.org`; lower case. */
  host: string;
  /** A port number, or null for any port. */
  port: number | null;
  /** Starts with `/`; `*` matches any run of characters. */
  path: string;
}

const PATTERN = /^(\*|https?):\/\/([^/:]+)(?::(\d{1,5}|\*))?(\/.*)$/;
const HOST = /^(?:\*\.)?(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;

export type ParsedPattern = { ok: true; pattern: MatchPattern } | { ok: false; message: string };

export function parseMatchPattern(text: string): ParsedPattern {
  const m = PATTERN.exec(text.trim());
  if (!m)
    return { ok: false, message: `"${text}" is not a match pattern like https://cms.example.org/clients/*` };
  const [, scheme, rawHost, rawPort, path] = m;
  const host = rawHost.toLowerCase();
  if (host === '*')
    return { ok: false, message: `"${text}" matches every site; name the case system's host` };
  if (!HOST.test(host)) return { ok: false, message: `"${text}" has an invalid host "${rawHost}"` };
  const port = rawPort === undefined || rawPort === '*' ? null : Number(rawPort);
  if (port !== null && (port < 1 || port > 65535))
    return { ok: false, message: `"${text}" has an invalid port ${rawPort}` };
  return { ok: true, pattern: { scheme: scheme as MatchPattern['scheme'], host, port, path } };
}

const wildcard = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** Whether a URL is one the pattern matches (path includes the query string, as in Chrome). */
export function patternMatches(pattern: MatchPattern, url: string | URL): boolean {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  const scheme = u.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') return false;
  if (pattern.scheme !== '*' && pattern.scheme !== scheme) return false;
  const host = u.hostname.toLowerCase();
  if (pattern.host.startsWith('*.')) {
    const base = pattern.host.slice(2);
    if (host !== base && !host.endsWith(`.${base}`)) return false;
  } else if (host !== pattern.host) return false;
  if (pattern.port !== null) {
    const port = u.port === '' ? (scheme === 'https' ? 443 : 80) : Number(u.port);
    if (port !== pattern.port) return false;
  }
  return wildcard(pattern.path).test(u.pathname + u.search);
}

export function matchesUrl(patterns: readonly string[], url: string | URL): boolean {
  return patterns.some((text) => {
    const parsed = parseMatchPattern(text);
    return parsed.ok && patternMatches(parsed.pattern, url);
  });
}

/**
 * The host permission a pattern needs: its scheme, host and port with any path. A permission
 * request asks for exactly this, nothing wider.
 */
export function permissionOrigin(text: string): string {
  const parsed = parseMatchPattern(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const { scheme, host, port } = parsed.pattern;
  return `${scheme}://${host}${port === null ? '' : `:${port}`}/*`;
}

/** A site's origin as a user types it ("https://cms.example.org", with or without a port). */
export function parseOrigin(text: string): { ok: true; origin: string } | { ok: false; message: string } {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return { ok: false, message: `"${text}" is not a web address such as https://cms.example.org` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { ok: false, message: `"${text}" is not an http or https address` };
  if (u.pathname !== '/' || u.search || u.hash || u.username || u.password)
    return { ok: false, message: `"${text}" should be just the site's address, without a path` };
  return { ok: true, origin: u.origin };
}
