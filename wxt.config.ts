import { defineConfig } from 'wxt';

// Chrome refuses a content script that is not valid UTF-8, and Vite 8's minifier writes some
// escaped characters (Dexie's String.fromCharCode(65535)) as raw bytes. Forcing ASCII output for
// both the main bundle and workers keeps every emitted file loadable (extension-platform.md §1).
const asciiOutput = { rolldownOptions: { output: { charset: 'ascii' as const } } };

// Extension pages, their workers and the offscreen document may load only the extension's own
// scripts and connect nowhere. Production only: `wxt dev` needs its localhost server and its
// WebSocket for reloading, which this policy would block.
const PRODUCTION_CSP = "script-src 'self'; object-src 'self'; connect-src 'self'";

// Host access. The extension asks for no site up front: a user enables a case system in the
// dashboard, which asks for that origin only (optional_host_permissions + permissions.request).
// Headless Chromium can never answer that prompt, so the end-to-end test build, and only it, is
// granted its test origin in the manifest: tests/build-extension.ts sets THROUGHLINE_E2E_HOSTS
// (comma-separated match patterns). Production and `wxt dev` builds leave it unset and ship no
// host_permissions at all.
const e2eHosts = (): string[] =>
  (process.env.THROUGHLINE_E2E_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);

export default defineConfig({
  srcDir: 'extension',
  // The tests build into a directory of their own (tests/build-extension.ts).
  outDir: process.env.WXT_OUT_DIR || '.output',
  webExt: { disabled: true },
  manifest: ({ command }) => ({
    name: 'throughline',
    description: 'Local-only linkage of prison releases to community treatment. Nothing leaves the device.',
    // storage: the results version that tells open views to refresh; offscreen: the page that
    // hosts the engine connection for the background router.
    // scripting: registering the overlay for the case systems a user enables; sidePanel: a badge's
    // details. No `tabs`: open pages hear of new results through storage.onChanged.
    permissions: ['storage', 'offscreen', 'scripting', 'sidePanel'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    ...(e2eHosts().length > 0 ? { host_permissions: e2eHosts() } : {}),
    // The toolbar button opens the dashboard (background `action.onClicked`), so no popup.
    action: {},
    ...(command === 'build' ? { content_security_policy: { extension_pages: PRODUCTION_CSP } } : {}),
  }),
  vite: () => ({ build: asciiOutput, worker: asciiOutput }),
});
