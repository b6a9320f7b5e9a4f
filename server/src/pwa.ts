/**
 * The scanner PWA at /app/: the files of scanner-pwa/dist, and a `config.json` made by the host
 * (its own address, and the verifier key that signs the trust bundle). When the app has not
 * been built, a page says how to build it.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

const PLACEHOLDER = `<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Scanner app not built</title></head>
<body><h1>スキャナーアプリはまだビルドされていません</h1>
<p>The scanner app (scanner-pwa) has not been built yet. Run <code>npm run build:pwa</code>, then reload.
<code>npm start</code> builds it on its first run unless <code>DQCV_BUILD_PWA=0</code>.</p>
<p>Certificates can still be checked at <a href="/docs">/docs</a> (API) or by opening a QR code's URL.</p>
</body></html>`;

/**
 * The scanner app's policy: its own origin only. 'wasm-unsafe-eval' lets zxing-wasm compile its
 * WebAssembly (CSP3 §6.7.2.4) without allowing eval; workers (QR decoding, pdf.js) are files
 * of the app; camera frames and pdf.js pages are blob:/data: images. No inline script or style:
 * the built index.html has none.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every answer under /app/, the 404s and the placeholder included. */
export const APP_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': APP_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=()',
};

export interface PwaOptions {
  distDir: string;
  /** The body of /app/config.json. */
  config: () => Promise<unknown>;
}

/**
 * Answers a request under /app/.
 *
 * @example
 * if (url.pathname.startsWith('/app/')) return servePwa(request, { distDir, config });
 */
export async function servePwa(request: Request, opts: PwaOptions): Promise<Response> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url).pathname).slice('/app/'.length);
  } catch {
    // A malformed percent-escape (`/app/%ff`) names no file.
    return notFound();
  }
  if (path === 'config.json') {
    return new Response(JSON.stringify(await opts.config()), {
      headers: { ...APP_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-cache' },
    });
  }
  const file = normalize(join(opts.distDir, path === '' ? 'index.html' : path));
  if (!file.startsWith(opts.distDir + sep) && file !== opts.distDir) return notFound();
  const found = await readIfFile(file);
  if (found !== undefined) return fileResponse(file, found);

  // A client-side route of the single-page app: its index.html, when the app is built.
  const index = await readIfFile(join(opts.distDir, 'index.html'));
  if (index !== undefined && extname(path) === '') return fileResponse('index.html', index);
  if (index === undefined) {
    return new Response(PLACEHOLDER, {
      status: 503,
      headers: { ...APP_HEADERS, 'content-type': 'text/html; charset=utf-8', 'retry-after': '30' },
    });
  }
  return notFound();
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { ...APP_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
  });
}

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

function fileResponse(file: string, body: Buffer): Response {
  const name = file.split(sep).pop() ?? '';
  // Hashed assets never change; the shell, manifest and service worker must be revalidated.
  const immutable = file.includes(`${sep}assets${sep}`);
  return new Response(new Uint8Array(body), {
    headers: {
      ...APP_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(name === 'sw.js' ? { 'service-worker-allowed': '/app/' } : {}),
    },
  });
}
