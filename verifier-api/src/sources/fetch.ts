/**
 * The one way the verifier reaches another service: only addresses it was configured with,
 * always with a deadline (AbortSignal.timeout), with a cap on the body size. Every failure is a
 * value, never an exception, so a slow or broken registry becomes a reason code, not a 5xx.
 */

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type FetchResult =
  | { ok: true; status: number; headers: Headers; body: Uint8Array<ArrayBuffer> }
  | { ok: false; detail: string };

export interface BoundedFetchOptions {
  timeoutMs: number;
  maxBytes?: number;
  accept?: string;
  fetch?: FetchLike;
}

/**
 * GETs `url` within `timeoutMs`, reading at most `maxBytes` (1 MiB by default); a redirect is
 * a failure, never followed.
 *
 * @example
 * const r = await boundedFetch('http://127.0.0.1:8787/registry/ca/root.crl', { timeoutMs: 2000 });
 * if (r.ok && r.status === 200) use(r.body);
 */
export async function boundedFetch(url: string, opts: BoundedFetchOptions): Promise<FetchResult> {
  const doFetch = opts.fetch ?? fetch;
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    // 'manual', not 'error': workerd implements only 'follow' and 'manual'. A redirect is
    // refused here, in one place for every runtime, so nothing is ever fetched from an address
    // nobody configured. A browser reports it as an opaque redirect with status 0.
    const res = await doFetch(url, {
      signal,
      redirect: 'manual',
      headers: opts.accept ? { accept: opts.accept } : {},
    });
    if ((res.status >= 300 && res.status < 400) || res.type === 'opaqueredirect') {
      await res.body?.cancel();
      return { ok: false, detail: `redirect refused (HTTP ${res.status})` };
    }
    const body = await readCapped(res, maxBytes);
    if (body === undefined) return { ok: false, detail: `response larger than ${maxBytes} bytes` };
    return { ok: true, status: res.status, headers: res.headers, body };
  } catch (err) {
    if (signal.aborted) return { ok: false, detail: `no answer within ${opts.timeoutMs} ms` };
    return { ok: false, detail: `fetch failed: ${describe(err)}` };
  }
}

/**
 * How long ago, in milliseconds, the answer left its origin: the `Age` header (RFC 9111 §5.1,
 * delta-seconds) that a cache in between (a Worker's edge cache) sets; 0 when absent or not a
 * valid delta-seconds value, which §5.1 says to ignore.
 *
 * @example
 * const fetchedAt = Date.now() - ageMs(r.headers);
 */
export function ageMs(headers: Headers): number {
  const value = headers.get('age')?.trim();
  if (value === undefined || !/^\d{1,10}$/.test(value)) return 0;
  return Number(value) * 1000;
}

async function readCapped(
  res: Response,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === 'string' ? `${err.message} (${cause.code})` : err.message;
  }
  return String(err);
}
