/**
 * The whole `npm start` host (server/src/main.ts: registry, CA and verifier in one process) run
 * as a child process on a free port with its own data directory, for tests that need the
 * verifier API. Talks to it over HTTP only, as a user's `dqcv` would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/cli/context';

export const SERVER_ENTRY = join(REPO_ROOT, 'server', 'src', 'main.ts');

export interface LiveServer {
  url: string;
  dataDir: string;
  adminToken: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Whether the server package's entry exists in this checkout. */
export function serverAvailable(): boolean {
  return existsSync(SERVER_ENTRY);
}

/** Starts the server and resolves once /healthz answers 200 (up to `timeoutMs`). */
export async function startServer(timeoutMs = 100_000): Promise<LiveServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dqcv-server-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    DQCV_DATA_DIR: dataDir,
    DQCV_BUILD_PWA: '0',
  };
  delete env.DQCV_ADMIN_TOKEN;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const adminToken = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
  return { url, dataDir, adminToken, stop };
}
