/**
 * A loopback HTTP proxy in front of the registry that a test controls: it passes requests
 * through, or for chosen paths answers late, answers with other bytes, or is not listening at
 * all. The verifier is configured with the proxy's address as its registry and CRL address.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the proxy does with one request instead of passing it through. */
export type FaultAction =
  { delayMs: number } | { status: number; body: Uint8Array | string; contentType?: string };

export type FaultRule = (
  path: string,
) => FaultAction | undefined | Promise<FaultAction | undefined>;

export interface FaultProxy {
  base: string;
  /** Paths asked for, in order (query strings included). */
  hits: string[];
  /** Set or clear the fault; undefined passes everything through. */
  fault: FaultRule | undefined;
  /** Points the proxy at the registry host. */
  upstream: string;
  /** Closes the listener and every open connection: the registry "is stopped". */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/**
 * Starts a proxy on a free port of 127.0.0.1.
 *
 * @example
 * const proxy = await startFaultProxy();
 * proxy.upstream = registryHost.base;
 * proxy.fault = (path) => (path.endsWith('.crl') ? { status: 404, body: '' } : undefined);
 */
export async function startFaultProxy(): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let port = 0;

  const state: FaultProxy = {
    base: '',
    hits: [],
    fault: undefined,
    upstream: '',
    stop,
    start,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    state.hits.push(path);
    const action = await state.fault?.(path);
    if (action !== undefined && 'delayMs' in action) {
      // Hold the request past the verifier's deadline, then pass it on (if still wanted).
      await new Promise<void>((ok) => {
        const t = setTimeout(() => {
          timers.delete(t);
          ok();
        }, action.delayMs);
        timers.add(t);
      });
      if (res.destroyed) return;
    } else if (action !== undefined) {
      res.writeHead(action.status, {
        'content-type': action.contentType ?? 'application/octet-stream',
      });
      res.end(typeof action.body === 'string' ? action.body : Buffer.from(action.body));
      return;
    }
    forward(req, res, path);
  }

  function forward(req: IncomingMessage, res: ServerResponse, path: string): void {
    const target = new URL(path, state.upstream);
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // The registry is down: the connection is dropped, as a stopped server's would be.
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function start(): Promise<void> {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', fail);
        ok();
      });
    });
    const address = server.address();
    if (address !== null && typeof address !== 'string') port = address.port;
    state.base = `http://127.0.0.1:${port}`;
  }

  async function stop(): Promise<void> {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    const closed = new Promise<void>((ok) => server.close(() => ok()));
    for (const s of sockets) s.destroy();
    await closed;
  }

  await start();
  return state;
}
