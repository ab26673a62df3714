import { defineConfig } from 'wxt';

// Chrome refuses a content script that is not valid UTF-8, and Vite 8's minifier writes some
// escaped characters (Dexie's String.fromCharCode(65535)) as raw bytes. Forcing ASCII output for
// both the main bundle and workers keeps every emitted file loadable (extension-platform.md §1).
const asciiOutput = { rolldownOptions: { output: { charset: 'ascii' as const } } };

export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  webExt: { disabled: true },
  manifest: {
    name: 'throughline',
    description: 'Local-only linkage of prison releases to community treatment. Nothing leaves the device.',
    permissions: ['storage'],
  },
  vite: () => ({ build: asciiOutput, worker: asciiOutput }),
});
