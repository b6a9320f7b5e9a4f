/**
 * Starts a real registry over HTTP on 127.0.0.1 (a free port) in a temporary data directory,
 * and gives small fetch helpers.
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRegistry, type CreateRegistryOptions, type NodeRegistry } from '../src/index';

export interface RunningRegistry {
  base: string;
  dataDir: string;
  registry: NodeRegistry;
  token: string;
  stop(): Promise<void>;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'dqcv-registry-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Serves the registry; `baseUrl` is the real address, so list URIs point at this server. */
export async function startRegistry(
  dataDir: string,
  options: Partial<CreateRegistryOptions> = {},
): Promise<RunningRegistry> {
  const holder: { registry?: NodeRegistry } = {};
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve(
      {
        fetch: (req) => holder.registry!.app.fetch(req),
        hostname: '127.0.0.1',
        port: 0,
      },
      (info: AddressInfo) => resolve(info.port),
    );
  });
  const base = `http://127.0.0.1:${port}`;
  const registry = await createRegistry({ dataDir, baseUrl: base, ...options });
  holder.registry = registry;
  return {
    base,
    dataDir,
    registry,
    token: registry.adminToken,
    async stop() {
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      await registry.close();
    },
  };
}

export function admin(r: RunningRegistry, path: string, body?: unknown, method?: string) {
  return fetch(`${r.base}/registry/admin/v1${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      Authorization: `Bearer ${r.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export const PERSON = {
  qualificationName: '小型船舶操縦士',
  holderName: '試験 花子',
  birthDate: '1990-04-01',
};

export async function issue(r: RunningRegistry, extra: Record<string, unknown> = {}) {
  const res = await admin(r, '/issue', { ...PERSON, ...extra });
  if (res.status !== 201) throw new Error(`issue: ${res.status} ${await res.text()}`);
  return (await res.json()) as {
    registrationId: string;
    certificateId: string;
    url: string;
    c: string;
    kid: string;
    alg: string;
  };
}
