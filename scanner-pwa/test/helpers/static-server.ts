/**
 * A small static host for the built app at `/app/`, for the suites that need no verifier (the
 * phishing warning, decoding). `config.json` is answered from the suite's own object, as a
 * deployment would write that file.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
};

export interface StaticApp {
  origin: string;
  close(): Promise<void>;
}

/** Serves `distDir` at `/app/` on 127.0.0.1 (a secure context, so service workers run). */
export async function serveApp(distDir: string, config?: object): Promise<StaticApp> {
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/app/config.json' && config) {
      res.writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-cache' });
      res.end(JSON.stringify(config));
      return;
    }
    if (!path.startsWith('/app/')) {
      res.writeHead(404).end();
      return;
    }
    const rel = path === '/app/' ? 'index.html' : path.slice('/app/'.length);
    const file = normalize(join(distDir, rel));
    if (!file.startsWith(distDir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
