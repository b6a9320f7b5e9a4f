/** Starts `npm start`'s entry (scripts/start.mjs) as a child process on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export interface Started {
  base: string;
  dataDir: string;
  stdout: () => string;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Every cache at zero: each verification asks the registry and the CA again. */
export const NO_CACHE = {
  DQCV_CRL_MAX_AGE_SECONDS: '0',
  DQCV_STATUS_LIST_MAX_AGE_SECONDS: '0',
  DQCV_STATUS_ANSWER_SECONDS: '0',
  DQCV_TRUST_LIST_MAX_AGE_SECONDS: '0',
  DQCV_RATE_LIMIT_MAX: '0',
};

export async function startNpmStart(extraEnv: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'dqcv-server-'));
  const child: ChildProcess = spawn('node', ['scripts/start.mjs'], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: String(port),
      DQCV_DATA_DIR: dataDir,
      DQCV_BUILD_PWA: '0',
      ...NO_CACHE,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: stop() ends the launcher and the server together.
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));

  const deadline = Date.now() + 110_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${err}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`npm start did not become ready: ${err}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  return {
    base,
    dataDir,
    stdout: () => out,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
