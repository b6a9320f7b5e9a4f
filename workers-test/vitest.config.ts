import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The workerd suite: the Workers as wrangler bundles them, run by Miniflare (workerd) with a
// real D1 and service bindings; the tests drive them from Node. Run after the main Vitest run
// (scripts/test.mjs) or alone: `npx vitest run -c workers-test/vitest.config.ts`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'workers',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./setup/global.ts'],
    // Each file starts its own workerd; one at a time on a small machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
