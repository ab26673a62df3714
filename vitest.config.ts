import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'engine/**/*.test.ts',
            'shared/**/*.test.ts',
            'extension/**/*.test.ts',
            'tests/cli/**/*.test.ts',
          ],
          testTimeout: 60_000,
        },
      },
      {
        // The built extension: checked, then driven in real Chromium. Runs after the unit tests
        // (groupOrder) and one file at a time, so a browser never competes with other tests for
        // this machine's two cores.
        extends: true,
        test: {
          name: 'extension',
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['./tests/build-extension.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
