import { describe, expect, it } from 'vitest';
import { matchesUrl, parseMatchPattern, parseOrigin, permissionOrigin } from './match-pattern';

describe('match patterns', () => {
  it('accepts http(s) patterns with a host, an optional port and a path', () => {
    for (const text of [
      'https://cms.example.org/*',
      'http://127.0.0.1/clients*',
      'http://127.0.0.1:8080/*',
      '*://*.example.org/clients/*',
    ])
      expect(parseMatchPattern(text).ok, text).toBe(true);
  });

  it('refuses every-site patterns, other schemes and malformed ones, saying why', () => {
    for (const [text, reason] of [
      ['<all_urls>', 'not a match pattern'],
      ['*://*/*', 'matches every site'],
      ['file:///home/*', 'not a match pattern'],
      ['https://cms.example.org', 'not a match pattern'],
      ['https://cms.exa mple.org/*', 'invalid host'],
      ['https://cms.example.org:99999/*', 'invalid port'],
      ['https://foo.*.org/*', 'invalid host'],
    ]) {
      const parsed = parseMatchPattern(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain(reason);
    }
  });

  it('matches as Chrome does: any port unless one is given, * in the path, subdomains with *.', () => {
    expect(matchesUrl(['http://127.0.0.1/clients*'], 'http://127.0.0.1:53211/clients?page=2')).toBe(true);
    expect(matchesUrl(['http://127.0.0.1/clients*'], 'http://127.0.0.1:53211/releases')).toBe(false);
    expect(matchesUrl(['http://127.0.0.1:8080/*'], 'http://127.0.0.1:8081/')).toBe(false);
    expect(matchesUrl(['http://127.0.0.1:8080/*'], 'http://127.0.0.1:8080/a/b')).toBe(true);
    expect(matchesUrl(['https://example.org:443/*'], 'https://example.org/x')).toBe(true);
    expect(matchesUrl(['*://*.example.org/*'], 'https://cms.example.org/x')).toBe(true);
    expect(matchesUrl(['*://*.example.org/*'], 'https://example.org/x')).toBe(true);
    expect(matchesUrl(['*://*.example.org/*'], 'https://badexample.org/x')).toBe(false);
    expect(matchesUrl(['https://example.org/*'], 'http://example.org/x')).toBe(false);
    expect(matchesUrl(['*://example.org/*'], 'ftp://example.org/x')).toBe(false);
    expect(matchesUrl(['https://example.org/a.b'], 'https://example.org/aXb')).toBe(false);
    expect(matchesUrl(['not a pattern'], 'https://example.org/')).toBe(false);
  });

  it('asks permission for the pattern origin only: scheme, host and port, any path', () => {
    expect(permissionOrigin('http://127.0.0.1/clients*')).toBe('http://127.0.0.1/*');
    expect(permissionOrigin('https://cms.example.org:8443/list/*')).toBe('https://cms.example.org:8443/*');
    expect(() => permissionOrigin('<all_urls>')).toThrow();
  });

  it('reads a site address as a user types it', () => {
    expect(parseOrigin('https://cms.example.org')).toEqual({ ok: true, origin: 'https://cms.example.org' });
    expect(parseOrigin(' http://127.0.0.1:5173/ ')).toEqual({ ok: true, origin: 'http://127.0.0.1:5173' });
    expect(parseOrigin('cms.example.org').ok).toBe(false);
    expect(parseOrigin('https://cms.example.org/clients').ok).toBe(false);
    expect(parseOrigin('ftp://cms.example.org').ok).toBe(false);
  });
});
