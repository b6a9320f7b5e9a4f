/**
 * The `npm start` host (server/src/main.ts) as a real child process: its own free port on
 * 127.0.0.1, its own temporary data directory, the environment a test chooses, and every line
 * it writes kept for the test to read. Tests talk to it only over HTTP, as a user would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));

/** A fixed admin token, so that tests need not read the data directory for it. */
export const ADMIN_TOKEN = 'reliability-admin-token-0123456789abcdef';

export interface DemoEntry {
  label: string;
  expected: string;
  url: string;
}

export interface HostOptions {
  /** Reuse a data directory (a restart); a new temporary one otherwise. */
  dataDir?: string;
  /** Reuse a port (a restart); a free one otherwise. */
  port?: number;
  env?: Record<string, string>;
  /** Written to a file and named by DQCV_CONFIG; `{DATA}` is replaced by the data directory. */
  config?: unknown;
  readyTimeoutMs?: number;
}

export interface Host {
  base: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Every line written to stdout and stderr so far, in order. */
  lines: string[];
  demo: DemoEntry[];
  /** Resident set size of the server process, in bytes (Linux /proc). */
  rss(): Promise<number>;
  /** SIGKILL: no shutdown code runs (the crash test). */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** Stops the process and removes the data directory. */
  dispose(): Promise<void>;
}

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  await new Promise<void>((ok) => server.close(() => ok()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Environment of the child: the parent's, without any DQCV_* setting that could leak in. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DQCV_')) env[k] = v;
  return { ...env, DQCV_BUILD_PWA: '0', DQCV_ADMIN_TOKEN: ADMIN_TOKEN, ...extra };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => child.once('exit', () => ok()));
}

/**
 * Starts the host and resolves once /healthz answers 200 (after the demo is seeded).
 *
 * @example
 * const host = await startHost({ env: { DQCV_RATE_LIMIT_MAX: '0' } });
 * await fetch(`${host.base}/v1/verify`, { method: 'POST', body: … });
 * await host.dispose();
 */
export async function startHost(opts: HostOptions = {}): Promise<Host> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'dqcv-rel-')));
  const port = opts.port ?? (await freePort());
  const env: Record<string, string> = { PORT: String(port), DQCV_DATA_DIR: dataDir };
  if (opts.config !== undefined) {
    const file = join(dataDir, 'test-config.json');
    await writeFile(file, JSON.stringify(opts.config).replaceAll('{DATA}', dataDir));
    env.DQCV_CONFIG = file;
  }

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: childEnv({ ...env, ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
    stream?.on('end', () => rest && lines.push(rest));
  }

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`host exited before it was ready:\n${lines.slice(-20).join('\n')}`);
    }
    const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`host not ready in time:\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const demo = JSON.parse(await readFile(join(dataDir, 'demo.json'), 'utf8')) as DemoEntry[];
  const pid = child.pid as number;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  };
  return {
    base,
    port,
    dataDir,
    pid,
    lines,
    demo,
    async rss() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      if (kb === undefined) throw new Error('no VmRSS');
      return Number(kb) * 1024;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop,
    async dispose() {
      await stop();
      if (opts.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo certificate whose label starts with `prefix` (server/src/demo.ts). */
export function demoUrl(host: Host, prefix: string): string {
  const entry = host.demo.find((d) => d.label.startsWith(prefix));
  if (entry === undefined) throw new Error(`no demo certificate "${prefix}"`);
  return entry.url;
}
