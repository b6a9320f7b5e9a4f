/**
 * A real registry for CLI tests: D's `createRegistry` (SQLite and PKI in a temporary data
 * directory) served over HTTP with @hono/node-server on a free loopback port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createRegistry, type NodeRegistry } from '@dqcv/registry';

export interface LiveRegistry {
  url: string;
  dataDir: string;
  adminToken: string;
  /** Stops the process's registry and starts a new one on the same data directory and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts a registry with an empty data directory; the admin token is generated into it. */
export async function startRegistry(): Promise<LiveRegistry> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dqcv-registry-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const start = async () => {
    const registry: NodeRegistry = await createRegistry({ dataDir, baseUrl: url });
    const server = serve({ fetch: registry.app.fetch, port, hostname: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    const stop = async () => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await registry.close();
    };
    return { registry, stop };
  };

  let running = await start();
  return {
    url,
    dataDir,
    adminToken: running.registry.adminToken,
    async restart() {
      await running.stop();
      running = await start();
    },
    async stop() {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
