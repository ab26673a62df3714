import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'engine/**/*.test.ts',
      'shared/**/*.test.ts',
      'extension/**/*.test.ts',
      'tests/cli/**/*.test.ts',
    ],
    testTimeout: 60_000,
  },
});
