/**
 * Section `sizes` (issue 7 §6): the scanner PWA's first-load JavaScript gzipped (the entry
 * script and its static imports, not the chunks loaded on demand) and its whole precache, built
 * with the PWA's own Vite config into a temporary folder (so scanner-pwa/dist, which its owner
 * tests against, is left alone); and the verifier Worker bundle gzipped, bundled by wrangler
 * (`--dry-run`, nothing deployed). Targets: first load ≤ 120 KB (read as 120,000 bytes, the
 * stricter reading, so ≤ 117.2 KiB), Worker ≤ 1 MiB gzipped.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { figure, unavailable, type Figure } from '../lib/figures';

const SECTION = 'sizes';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIRST_LOAD_LIMIT_KIB = 120_000 / 1024;
const WORKER_LIMIT_KIB = 1024;
const run = promisify(execFile);

const gzipBytes = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Static imports of a built ES module (`import … from"./x.js"`, `import"./x.js"`). */
function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
    found.push(m[1]!);
  }
  return found;
}

/** The entry scripts of index.html and everything they import statically, as dist paths. */
export function firstLoadScripts(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const base = '/app/';
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) =>
    m[1]!.startsWith(base) ? m[1]!.slice(base.length) : m[1]!.replace(/^\//, ''),
  );
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(join(dist, file))) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const spec of staticImports(code)) queue.push(posix.join(posix.dirname(file), spec));
  }
  return [...seen];
}

/** URLs listed in the service worker's precache manifest. */
function precacheUrls(dist: string): string[] {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/["']?url["']?\s*:\s*["'`]([^"'`]+)["'`]/g)].map((m) => m[1]!);
  return [...new Set(urls)];
}

async function pwaFigures(): Promise<Figure[]> {
  const out = await mkdtemp(join(tmpdir(), 'dqcv-bench-pwa-'));
  try {
    await run('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: join(ROOT, 'scanner-pwa'),
      timeout: 240_000,
    });
    const scripts = firstLoadScripts(out);
    if (scripts.length === 0) throw new Error('no module script in the built index.html');
    const firstLoad = scripts.reduce((sum, f) => sum + gzipBytes(join(out, f)), 0);
    const urls = precacheUrls(out).filter((u) => existsSync(join(out, u)));
    const raw = urls.reduce((sum, u) => sum + statSync(join(out, u)).size, 0);
    const gz = urls.reduce((sum, u) => sum + gzipBytes(join(out, u)), 0);
    return [
      figure(SECTION, 'PWA first-load JS, gzipped', firstLoad / 1024, {
        unit: 'KiB',
        target: FIRST_LOAD_LIMIT_KIB,
        better: 'lower',
        note: `${scripts.length} file(s): ${scripts.join(', ')}`,
      }),
      figure(SECTION, 'PWA precache, as stored', raw / 1024, {
        unit: 'KiB',
        note: `${urls.length} entries`,
      }),
      figure(SECTION, 'PWA precache, gzipped', gz / 1024, { unit: 'KiB' }),
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function largestBundle(dir: string): string | undefined {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(m?js)$/.test(f))
    .map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

async function workerFigures(): Promise<Figure[]> {
  const name = 'verifier Worker bundle, gzipped';
  if (!existsSync(join(ROOT, 'wrangler.toml')))
    return [unavailable(SECTION, name, 'no wrangler.toml')];
  const out = await mkdtemp(join(tmpdir(), 'dqcv-bench-worker-'));
  try {
    await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], {
      cwd: ROOT,
      timeout: 180_000,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    });
    const bundle = largestBundle(out);
    if (!bundle) return [unavailable(SECTION, name, 'wrangler wrote no bundle')];
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' })
      .map((f) => join(out, f))
      .filter((f) => statSync(f).isFile() && !f.endsWith('.map'));
    const gz = files.reduce((sum, f) => sum + gzipBytes(f), 0);
    return [
      figure(SECTION, name, gz / 1024, {
        unit: 'KiB',
        target: WORKER_LIMIT_KIB,
        better: 'lower',
        note:
          `wrangler deploy --dry-run; ${files.length} file(s), ` +
          `${(statSync(bundle).size / 1024).toFixed(0)} KiB main uncompressed`,
      }),
    ];
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return [unavailable(SECTION, name, `wrangler bundle failed: ${why}`)];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Runs the section and returns its figures. */
export async function runSizes(): Promise<Figure[]> {
  let pwa: Figure[];
  try {
    pwa = await pwaFigures();
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    pwa = [unavailable(SECTION, 'PWA first-load JS, gzipped', `vite build failed: ${why}`)];
  }
  return [...pwa, ...(await workerFigures())];
}
