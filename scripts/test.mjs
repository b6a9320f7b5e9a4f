#!/usr/bin/env node
// `npm test`: every suite, one step after another. Every step runs even when an earlier one
// failed, so one run shows every failure; the exit code is non-zero if any step failed. Each
// step's output goes to the terminal as it comes; its pass/fail counts are read from its summary
// line and added up in one closing line ("N passed, N failed, N skipped").
import { spawn } from 'node:child_process';

const steps = [
  { label: 'Node: every package (Vitest)', cmd: 'npx', args: ['vitest', 'run'] },
  // The Workers in workerd (Miniflare): wrangler bundles, D1, service bindings.
  {
    label: 'workerd: verifier and registry Workers',
    cmd: 'npx',
    args: ['vitest', 'run', '-c', 'workers-test/vitest.config.ts'],
  },
  // The same shared-cose verification suites in Chromium (Vite + playwright-core) and in workerd.
  {
    label: 'Chromium: shared-cose suites',
    cmd: 'npx',
    args: ['tsx', 'shared-cose/browser-test/run.ts'],
  },
  {
    label: 'workerd: shared-cose suites',
    cmd: 'npx',
    args: ['vitest', 'run', '-c', 'shared-cose/workerd-test/vitest.config.ts'],
  },
];

// Vitest: "Tests  2 failed | 120 passed | 3 skipped (125)"; the Chromium runner:
// "total: 120 passed, 0 failed, 3 skipped, 123 tests".
const ESC = String.fromCharCode(27);
const stripAnsi = (s) => s.replaceAll(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
function counts(output) {
  const text = stripAnsi(output);
  const line =
    [...text.matchAll(/^\s*Tests\s+(.*)$/gm)].pop()?.[1] ??
    [...text.matchAll(/^\s*total:\s+(.*)$/gm)].pop()?.[1] ??
    '';
  const n = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { passed: n('passed'), failed: n('failed'), skipped: n('skipped') };
}

function run(step) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => resolve({ code: code ?? 1, ...counts(output) }));
  });
}

const total = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
for (const step of steps) {
  console.log(`\n=== ${step.label}\n`);
  const started = Date.now();
  const r = await run(step);
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `=== ${step.label}: exit ${r.code}, ${r.passed} passed, ${r.failed} failed (${seconds} s)`,
  );
  if (r.code !== 0) failedSteps.push(step.label);
}

console.log('');
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join('; ')}`);
// A step that failed without a countable test (it did not start) still counts as a failure.
const failed = Math.max(total.failed, failedSteps.length ? 1 : 0);
console.log(`${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
