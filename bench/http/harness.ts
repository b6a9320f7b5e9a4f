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
const PACED = join(ROOT, 'bench', 'http', 'paced.ts');

export interface HostStats {
  /** The verifier's signature-engine calls and the wall time spent inside them, µs. */
  engine: { calls: number; micros: number };
  counts: { status: number; statusList: number; crl: number; trustList: number; other: number };
  rss: number;
  peakRss: number;
  /** CPU time of the host process so far (user + system, all threads), µs. */
  cpuMicros: number;
  /** Time the host's main thread waited for its core while runnable, ms (null: not Linux). */
  runQueueWaitMs: number | null;
  /** Garbage collection since the last reset: pauses, their sum and the longest, ms. */
  gc: { count: number; totalMs: number; maxMs: number };
  /** Event-loop delay since the last reset, ms. */
  loopDelay: { p99Ms: number; maxMs: number };
  heap: {
    rss: number;
    heapTotal: number;
    heapUsed: number;
    external: number;
    arrayBuffers: number;
  };
}

export interface Host {
  base: string;
  issue(alg: 'PS256' | 'ES256', n?: number): Promise<{ url: string; certificateId: string }>;
  /** The host's counters; `true` zeroes them all afterwards, `'gc'` only the GC figures. */
  stats(reset?: boolean | 'gc'): Promise<HostStats>;
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
      const query = reset === 'gc' ? '?reset=gc' : reset ? '?reset=1' : '';
      const res = await fetch(`${base}/bench/stats${query}`);
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
  /** Host CPU time per answered request, µs (all of the host's threads). */
  cpuPerRequest: number;
  /** Host CPU time over wall time during the run: below ~0.9 the host was not the bottleneck. */
  hostBusy: number;
  /** Wall time inside the verifier's signature engine per call during the run, µs (or null). */
  enginePerCall: number | null;
  /** The host's garbage collection during the run. */
  gc: HostStats['gc'];
  /** How long the host's main thread waited for its core (other processes), ms. */
  runQueueWaitMs: number | null;
  loopDelay: HostStats['loopDelay'];
}

/** Runs `load` and measures the host's CPU time and GC over it. */
async function measured(
  host: Host,
  load: () => Promise<
    Omit<
      LoadResult,
      'cpuPerRequest' | 'hostBusy' | 'enginePerCall' | 'gc' | 'runQueueWaitMs' | 'loopDelay'
    > & {
      seconds: number;
    }
  >,
): Promise<LoadResult> {
  const before = await host.stats('gc');
  const { seconds, ...result } = await load();
  const after = await host.stats('gc');
  // The load generator's start-up is idle time for the host: CPU over the load's own duration.
  const cpu = after.cpuMicros - before.cpuMicros;
  const calls = after.engine.calls - before.engine.calls;
  return {
    ...result,
    enginePerCall: calls > 0 ? (after.engine.micros - before.engine.micros) / calls : null,
    cpuPerRequest: cpu / Math.max(1, result.requests),
    hostBusy: cpu / (seconds * 1e6),
    gc: after.gc,
    runQueueWaitMs:
      after.runQueueWaitMs === null || before.runQueueWaitMs === null
        ? null
        : after.runQueueWaitMs - before.runQueueWaitMs,
    loopDelay: after.loopDelay,
  };
}

function run(args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn('taskset', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args[2]} ${code}: ${err.slice(-500)}`)),
    );
  });
}

/**
 * Runs autocannon pinned to `core` against a POST route with a JSON body: closed loop, each
 * connection sends its next request when the answer arrives (the peak rate).
 */
export async function autocannon(
  host: Host,
  options: { path: string; body: unknown; seconds: number; connections?: number; core?: number },
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
    `${host.base}${options.path}`,
  ];
  return measured(host, async () => {
    const r = JSON.parse(await run(args)) as {
      requests: { average: number; total: number };
      latency: { p50: number; p99: number };
      non2xx: number;
      errors: number;
      duration: number;
    };
    return {
      seconds: r.duration,
      rps: r.requests.total / r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors,
    };
  });
}

/**
 * Offers `rate` requests per second, evenly spaced (bench/http/paced.ts, pinned to `core`),
 * and measures latency from each request's scheduled start.
 */
export async function paced(
  host: Host,
  options: {
    path: string;
    body: unknown;
    seconds: number;
    rate: number;
    connections?: number;
    core?: number;
  },
): Promise<
  LoadResult & { p90: number; max: number; maxSendLagMs: number; generatorWaitMs: number | null }
> {
  const spec = {
    url: `${host.base}${options.path}`,
    body: JSON.stringify(options.body),
    rate: options.rate,
    seconds: options.seconds,
    warmupSeconds: 1,
    connections: options.connections ?? 16,
  };
  const args = [
    '-c',
    String(options.core ?? 1),
    process.execPath,
    '--import',
    'tsx',
    PACED,
    JSON.stringify(spec),
  ];
  let extra = { p90: 0, max: 0, maxSendLagMs: 0, generatorWaitMs: null as number | null };
  const result = await measured(host, async () => {
    const r = JSON.parse(await run(args)) as {
      completed: number;
      seconds: number;
      wallSeconds: number;
      allCompleted: number;
      rps: number;
      p50: number;
      p90: number;
      p99: number;
      max: number;
      non2xx: number;
      errors: number;
      maxSendLagMs: number;
      waitedForCoreMs: number | null;
    };
    extra = {
      p90: r.p90,
      max: r.max,
      maxSendLagMs: r.maxSendLagMs,
      generatorWaitMs: r.waitedForCoreMs,
    };
    // The host's CPU and GC figures cover the warm-up too: they are set against all of it.
    return {
      seconds: r.wallSeconds,
      rps: r.rps,
      p50: r.p50,
      p99: r.p99,
      requests: r.allCompleted,
      non2xx: r.non2xx,
      errors: r.errors,
    };
  });
  return { ...result, ...extra };
}
