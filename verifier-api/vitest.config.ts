import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'verifier-api',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
