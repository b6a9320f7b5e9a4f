/**
 * Drives the bench host (bench/http/host.ts) from outside: starts it pinned to core 0, issues
 * credentials through the registry's admin API, runs autocannon pinned to core 1, and reads the
 * host's counters. Used by the `http` and `registry` sections.
 *
 * @example
 * const host = await startHost({ statusMode: 'status_list' });
 * const { url } = await host.issue('PS256');
 * const load = await autocannon(host, { path: '/v1/verify', body: { url }, seconds: 5 });
 * await host.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOST = join(ROOT, 'bench', 'http', 'host.ts');
const AUTOCANNON = join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');

export interface HostStats {
  counts: { status: number; statusList: number; crl: number; trustList: number; other: number };
  rss: number;
  peakRss: number;
}

export interface Host {
  base: string;
  issue(alg: 'PS256' | 'ES256', n?: number): Promise<{ url: string; certificateId: string }>;
  stats(reset?: boolean): Promise<HostStats>;
  post(path: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts the host pinned to `core` (taskset) and resolves once it listens. */
export async function startHost(options: {
  statusMode: 'status_list' | 'registry';
  port?: number;
  core?: number;
}): Promise<Host> {
  const port = options.port ?? 18788;
  const child: ChildProcess = spawn(
    'taskset',
    ['-c', String(options.core ?? 0), process.execPath, '--import', 'tsx', HOST],
    {
      cwd: ROOT,
      env: { ...process.env, BENCH_PORT: String(port), BENCH_STATUS_MODE: options.statusMode },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const ready = await new Promise<{ base: string; adminToken: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${stderr}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('ready ')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(6)) as { base: string; adminToken: string });
    });
  });
  const { base, adminToken } = ready;

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  return {
    base,
    async issue(alg, n = 0) {
      const answer = (await post(
        '/registry/admin/v1/issue',
        {
          qualificationName: '小型船舶操縦士',
          holderName: `ベンチ 太郎${n}`,
          birthDate: '1990-01-01',
          alg,
        },
        { authorization: `Bearer ${adminToken}` },
      )) as { url: string; certificateId: string };
      return { url: answer.url, certificateId: answer.certificateId };
    },
    async stats(reset = false) {
      const res = await fetch(`${base}/bench/stats${reset ? '?reset=1' : ''}`);
      return (await res.json()) as HostStats;
    },
    post: (path, body) => post(path, body),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon pinned to `core` against a POST route with a JSON body. */
export async function autocannon(
  host: Host,
  options: {
    path: string;
    body: unknown;
    seconds: number;
    connections?: number;
    /** Requests per second over all connections (autocannon --overallRate). */
    rate?: number;
    core?: number;
  },
): Promise<LoadResult> {
  const args = [
    '-c',
    String(options.core ?? 1),
    process.execPath,
    AUTOCANNON,
    '-j',
    '-c',
    String(options.connections ?? 16),
    '-d',
    String(options.seconds),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-b',
    JSON.stringify(options.body),
    ...(options.rate ? ['-R', String(Math.max(1, Math.round(options.rate)))] : []),
    `${host.base}${options.path}`,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('taskset', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`autocannon ${code}: ${err.slice(-500)}`)),
    );
  });
  const r = JSON.parse(output) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    duration: number;
  };
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}
