import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'issuer',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
