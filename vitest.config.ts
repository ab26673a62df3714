import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'engine/**/*.test.ts',
      'shared/**/*.test.ts',
      'extension/**/*.test.ts',
      'tests/{cli,build}/**/*.test.ts',
    ],
    reporters: ['default', './tests/summary-reporter.ts'],
    testTimeout: 60_000,
  },
});
