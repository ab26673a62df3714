/**
 * What the extension's manifest asks of the browser, in words an IG lead can check against a
 * DPIA. The IG page reads the manifest at run time (`browser.runtime.getManifest()`), so what it
 * lists can never drift from what the browser was actually asked for; a permission without an
 * explanation here is shown as such, and a unit test fails until it is explained.
 */

export interface ManifestLike {
  name?: string;
  version?: string;
  manifest_version?: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: { extension_pages?: string } | string;
}

export interface PermissionLine {
  /** As the manifest names it. */
  name: string;
  kind: 'permission' | 'optional permission' | 'site access' | 'optional site access';
  /** What the browser lets the extension do with it. */
  allows: string;
  /** Why throughline asks for it; null when this page has no explanation (shown as a warning). */
  why: string | null;
}

const PERMISSIONS: Record<string, { allows: string; why: string }> = {
  storage: {
    allows: "Keep small values in the browser's extension storage.",
    why:
      'The results version that tells open pages to refresh, the case systems you enabled, remembered ' +
      "column layouts and the reviewer's name. No records: those are in the local database.",
  },
  offscreen: {
    allows: 'Open a hidden page of the extension itself.',
    why:
      'It keeps the connection between case-system pages and the engine (which runs in a worker), so ' +
      'badges can be worked out. It loads nothing from anywhere.',
  },
  scripting: {
    allows: 'Add the extension\u2019s own script to pages of sites it has been given access to.',
    why: 'To draw badges on the pages of the case systems you enable, and only those.',
  },
  sidePanel: {
    allows: 'Show an extension page in the browser\u2019s side panel.',
    why: 'A client\u2019s details open beside the case system when a badge is clicked.',
  },
};

const HOSTS: Record<string, string> = {
  'http://*/*':
    'Any site may be asked for, one site at a time, when you enable a case system; the browser asks you ' +
    'and nothing is granted until you agree. Throughline only ever asks for the case system you enable.',
  'https://*/*':
    'As above, for secure (https) sites. A case system is enabled, and can be disabled, on the Case ' +
    'systems page.',
};

export function permissionLines(manifest: ManifestLike): PermissionLine[] {
  const permission = (name: string, kind: PermissionLine['kind']): PermissionLine => ({
    name,
    kind,
    allows: PERMISSIONS[name]?.allows ?? 'See the browser\u2019s documentation for this permission.',
    why: PERMISSIONS[name]?.why ?? null,
  });
  const host = (name: string, kind: PermissionLine['kind']): PermissionLine => ({
    name,
    kind,
    allows:
      kind === 'site access'
        ? `Run on pages matching ${name} without asking.`
        : `Ask for access to pages matching ${name}.`,
    why:
      HOSTS[name] ??
      (kind === 'site access' && /^https?:\/\/(127\.0\.0\.1|localhost)[/:]/.test(name)
        ? 'A test build only: the automated tests\u2019 demo case systems on this computer. A production build has none.'
        : null),
  });
  return [
    ...(manifest.permissions ?? []).map((p) => permission(p, 'permission')),
    ...(manifest.optional_permissions ?? []).map((p) => permission(p, 'optional permission')),
    ...(manifest.host_permissions ?? []).map((p) => host(p, 'site access')),
    ...(manifest.optional_host_permissions ?? []).map((p) => host(p, 'optional site access')),
  ];
}

/** The content security policy of the extension's own pages and workers, directive by directive. */
export function policyLines(manifest: ManifestLike): { directive: string; meaning: string }[] {
  const csp = manifest.content_security_policy;
  const text = typeof csp === 'string' ? csp : csp?.extension_pages;
  if (!text)
    return [
      {
        directive: '(none declared)',
        meaning:
          'The browser\u2019s default policy for extension pages applies. A development build has none; ' +
          'a production build must show connect-src \u2019self\u2019 here.',
      },
    ];
  return text
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((directive) => ({ directive, meaning: meaningOf(directive) }));
}

function meaningOf(directive: string): string {
  const [name, ...sources] = directive.split(/\s+/);
  const onlySelf = sources.length === 1 && sources[0] === "'self'";
  switch (name) {
    case 'connect-src':
      return onlySelf
        ? 'Extension pages and their workers may not connect to any server: the browser blocks fetch, ' +
            'WebSocket and every other request from them.'
        : `Extension pages may connect to: ${sources.join(' ')}.`;
    case 'script-src':
      return onlySelf
        ? 'Only scripts shipped inside the extension run; nothing is loaded from the web or evaluated from text.'
        : `Scripts may come from: ${sources.join(' ')}.`;
    case 'object-src':
      return onlySelf
        ? 'No plug-in content from anywhere else.'
        : `Plug-in content from: ${sources.join(' ')}.`;
    default:
      return `${name}: ${sources.join(' ')}`;
  }
}
