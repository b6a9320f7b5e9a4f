#!/usr/bin/env node
// `npm test`: every suite, in the order that fails fastest. Each step inherits the terminal.
import { spawnSync } from 'node:child_process';

const steps = [
  ['npx', ['vitest', 'run']],
  // The Workers in workerd (Miniflare): wrangler bundles, D1, service bindings.
  ['npx', ['vitest', 'run', '-c', 'workers-test/vitest.config.ts']],
  // The same shared-cose verification suites in Chromium (Vite + playwright-core) and in workerd.
  ['npx', ['tsx', 'shared-cose/browser-test/run.ts']],
  ['npx', ['vitest', 'run', '-c', 'shared-cose/workerd-test/vitest.config.ts']],
];

for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
