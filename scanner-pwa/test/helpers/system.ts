/**
 * The whole system for the end-to-end suites: the one-process host of `npm start` (server/,
 * verifier + registry + this app at /app/) on a free loopback port with a fresh data directory,
 * credentials issued through the registry's admin API, and the issuer's own PDF (`dqcv pdf`).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
/** The host entry; DQCV_PWA_SERVER_ENTRY names another one (relative to the repo). */
const entry = process.env.DQCV_PWA_SERVER_ENTRY ?? 'server/src/main.ts';

/** Whether the host of `npm start` exists in this checkout (the end-to-end suites need it). */
export const hostAvailable = existsSync(join(REPO, entry));

const ADMIN_TOKEN = 'scanner-pwa-test-token-0123456789abcdef';

export interface System {
  origin: string;
  dataDir: string;
  /** Issues a credential for an invented holder; answers its QR URL and certificate id. */
  issue(holderName: string): Promise<{ url: string; certificateId: string }>;
  setStatus(certificateId: string, status: 'revoked' | 'suspended' | 'active'): Promise<void>;
  /** Writes the issuer's PDF certificate of `certificateId` to `file`. */
  pdf(certificateId: string, file: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitHealthy(origin: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('server did not become healthy in 150 s');
}

/** Starts the host; the caller must `stop()` it. */
export async function startSystem(): Promise<System> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'dqcv-pwa-system-'));
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DQCV_PORT: String(port),
    DQCV_PUBLIC_URL: origin,
    DQCV_DATA_DIR: dataDir,
    DQCV_ADMIN_TOKEN: ADMIN_TOKEN,
  };
  // One process (tsx as a loader, no npx in between), so that stop()'s signal reaches the server:
  // through npx, SIGTERM ended npx alone and left tsx and the server running after the suite.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  try {
    await waitHealthy(origin, child);
  } catch (err) {
    child.kill('SIGTERM');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }

  const admin = async (path: string, body: object) => {
    const res = await fetch(`${origin}/registry/admin/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  return {
    origin,
    dataDir,
    async issue(holderName) {
      const r = await admin('/issue', {
        qualificationName: '小型船舶操縦士',
        holderName,
        birthDate: '1990-04-01',
        registrationNumber: '123456789012',
        issuingBody: '国土交通省',
        verifyBaseUrl: origin,
      });
      return { url: String(r.url), certificateId: String(r.certificateId) };
    },
    async setStatus(certificateId, status) {
      await admin(`/certificates/${encodeURIComponent(certificateId)}/status`, { status });
    },
    async pdf(certificateId, file) {
      await run(
        'npx',
        ['tsx', 'issuer/src/cli/main.ts', 'pdf', certificateId, '--out', file, '--server', origin],
        {
          cwd: REPO,
          env,
        },
      );
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const workDir = () => mkdtempSync(join(tmpdir(), 'dqcv-pwa-e2e-'));
