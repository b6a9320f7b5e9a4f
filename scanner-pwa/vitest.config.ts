import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'scanner-pwa',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Builds the app once (vite build → dist/) before any browser suite runs.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Browser suites share two cores with everyone else: one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
