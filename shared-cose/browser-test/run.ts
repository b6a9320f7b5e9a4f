/**
 * Runs the shared-cose test suite in Chromium: a Vite dev server (loopback only) serves the
 * test files with 'vitest' aliased to the real Vitest runner and expect (vitest-shim.ts), and
 * playwright-core drives Debian's Chromium. No browser download, no new dependency.
 *
 *   npx tsx shared-cose/browser-test/run.ts [substring-of-test-file …]
 *
 * The public vectors are served read-only from `../shared/vectors` (relative to the repository
 * root) under `/__vectors/`, so the Wycheproof suite runs in the browser as well.
 * Exit status: 0 when every loaded test passed, 1 otherwise (a file that does not load in a
 * browser, e.g. one that reads node:fs at import, counts as a failure and is named).
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer, type Plugin } from 'vite';
import type { BrowserTestResult } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '..');
const vectorsRoot = resolve(packageRoot, '..', '..', 'shared', 'vectors');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Serves `/__vectors/<path>` from the vectors folder, refusing anything outside it: a file as
 * its bytes, a folder (path ending in `/`) as the JSON list of the files below it (test/vectors.ts).
 */
function vectorsRoute(): Plugin {
  return {
    name: 'shared-vectors',
    configureServer(server) {
      server.middlewares.use('/__vectors/', (req, res) => {
        const asked = decodeURIComponent((req.url ?? '').split('?')[0]!).slice(1);
        const path = resolve(vectorsRoot, asked);
        const inside = path === vectorsRoot || path.startsWith(vectorsRoot + sep);
        const stat = inside && existsSync(path) ? statSync(path) : undefined;
        res.setHeader('content-type', 'application/json');
        if (stat?.isDirectory() && asked.endsWith('/')) {
          res.end(JSON.stringify(filesBelow(path)));
        } else if (stat?.isFile() && !asked.endsWith('/')) {
          createReadStream(path).pipe(res);
        } else {
          res.statusCode = 404;
          res.end();
        }
      });
    },
  };
}

/** The files below a folder, as sorted paths relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const server = await createServer({
  configFile: false,
  root: packageRoot,
  logLevel: 'warn',
  resolve: { alias: { vitest: resolve(here, 'vitest-shim.ts') } },
  server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  // Crawl every test file up front, so no dependency is discovered mid-run (which reloads the page).
  optimizeDeps: { entries: ['browser-test/index.html', 'test/**/*.test.ts'] },
  plugins: [vectorsRoute()],
});
console.log('shared-cose in Chromium: the verification suites through the Vitest runner in a page');
if (!existsSync(vectorsRoot)) {
  console.log(`shared-cose in Chromium: ${vectorsRoot} is absent; the vector suites are skipped`);
}
await server.listen();
const address = server.httpServer?.address();
if (!address || typeof address === 'string') throw new Error('the Vite server has no address');

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

let exitCode = 1;
try {
  const page = await browser.newPage();
  const filters = process.argv.slice(2);
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'info' || message.type() === 'log') {
      console.log(`  [page] ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));

  const done = new Promise<BrowserTestResult[]>((resolveDone) => {
    void page.exposeFunction('__testsDone', (results: BrowserTestResult[]) => resolveDone(results));
  });
  const query = filters.map((f) => `only=${encodeURIComponent(f)}`).join('&');
  await page.goto(`http://127.0.0.1:${address.port}/browser-test/index.html?${query}`);
  const results = await done;
  exitCode = report(results, await browser.version());
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);

function report(results: BrowserTestResult[], version: string): number {
  const byFile = new Map<string, BrowserTestResult[]>();
  for (const r of results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  let failed = 0;
  console.log(`\nshared-cose in Chromium ${version}`);
  for (const [file, rs] of byFile) {
    const count = (s: BrowserTestResult['state']) => rs.filter((r) => r.state === s).length;
    console.log(
      `  ${file.replace(packageRoot + sep, '')}: ${count('pass')} passed, ` +
        `${count('fail')} failed, ${count('skip')} skipped`,
    );
    for (const r of rs.filter((x) => x.state === 'fail')) {
      failed++;
      console.log(`    FAIL ${r.name}\n      ${(r.error ?? '').split('\n').join('\n      ')}`);
    }
  }
  const passed = results.filter((r) => r.state === 'pass').length;
  const skipped = results.filter((r) => r.state === 'skip').length;
  console.log(
    `  total: ${passed} passed, ${failed} failed, ${skipped} skipped, ${results.length} tests\n`,
  );
  return failed === 0 && passed > 0 ? 0 : 1;
}
