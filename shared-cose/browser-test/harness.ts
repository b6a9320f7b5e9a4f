/**
 * Runs every shared-cose test file in the page with the real Vitest runner and hands a summary
 * to the driver (run.ts) through `window.__testsDone`.
 */
import { startTests, type VitestRunner } from '@vitest/runner';
import type { File, Task } from '@vitest/runner';

const modules = import.meta.glob('../test/**/*.test.ts');

// The tests read ../shared/vectors through this route of run.ts (test/vectors.ts).
globalThis.__dqcvVectorFetch = (path) => fetch(`/__vectors/${path}`);

export interface BrowserTestResult {
  file: string;
  name: string;
  state: 'pass' | 'fail' | 'skip';
  error?: string;
}

declare global {
  interface Window {
    __testsDone?: (results: BrowserTestResult[]) => void;
  }
}

const runner: VitestRunner = {
  config: {
    root: '/',
    setupFiles: [],
    name: 'shared-cose (chromium)',
    passWithNoTests: false,
    testNamePattern: undefined,
    allowOnly: false,
    sequence: { shuffle: false, concurrent: false, seed: 0, hooks: 'stack', setupFiles: 'list' },
    chaiConfig: undefined,
    maxConcurrency: 5,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    retry: 0,
    includeTaskLocation: false,
    tags: [],
    tagsFilter: undefined,
    strictTags: false,
  },
  async importFile(filepath) {
    const load = modules[filepath];
    if (!load) throw new Error(`no such test module: ${filepath}`);
    await load();
  },
};

function collect(task: Task, file: string, prefix: string, out: BrowserTestResult[]): void {
  const name = prefix ? `${prefix} > ${task.name}` : task.name;
  if (task.type === 'suite') {
    // A file that failed to load has no tests, only an error on the file suite.
    if (task.tasks.length === 0 && task.result?.state === 'fail') {
      out.push({ file, name: '(file did not load)', state: 'fail', error: errorText(task) });
    }
    for (const child of task.tasks) collect(child, file, task === task.file ? '' : name, out);
    return;
  }
  const state = task.result?.state;
  out.push({
    file,
    name,
    state: state === 'pass' ? 'pass' : state === 'fail' ? 'fail' : 'skip',
    ...(state === 'fail' ? { error: errorText(task) } : {}),
  });
}

function errorText(task: Task): string {
  return (task.result?.errors ?? []).map((e) => `${e.name}: ${e.message}`).join('\n');
}

// `?only=<substring>` (repeatable) limits the run to matching test files.
const only = new URLSearchParams(location.search).getAll('only');
const specs = Object.keys(modules).filter(
  (f) => only.length === 0 || only.some((o) => f.includes(o)),
);
const files: File[] = await startTests(specs, runner);
const results: BrowserTestResult[] = [];
for (const file of files) collect(file, file.filepath, '', results);
window.__testsDone?.(results);
