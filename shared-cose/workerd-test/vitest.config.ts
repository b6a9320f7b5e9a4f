/**
 * The shared-cose test suite inside workerd: @cloudflare/vitest-pool-workers runs the same test
 * files as the Node project, in the Workers runtime (Miniflare), with the public vectors served
 * to the isolate through a service binding that reads ../shared/vectors in Node.
 *
 *   npx vitest run -c shared-cose/workerd-test/vitest.config.ts
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const vectorsRoot = resolve(packageRoot, '..', '..', 'shared', 'vectors');
if (!existsSync(vectorsRoot)) {
  console.log(`shared-cose in workerd: ${vectorsRoot} is absent; the vector suites are skipped`);
}

/**
 * The VECTORS binding: a file as its bytes, a folder (path ending in `/`) as the JSON list of
 * the files below it (the protocol of test/vectors.ts); 404 for anything else or outside.
 */
function serveVector(request: Request): Response {
  const asked = decodeURIComponent(new URL(request.url).pathname).slice(1);
  const path = resolve(vectorsRoot, asked);
  const inside = path === vectorsRoot || path.startsWith(vectorsRoot + sep);
  const stat = inside && existsSync(path) ? statSync(path) : undefined;
  if (stat?.isDirectory() && asked.endsWith('/')) {
    const files = readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(path, join(e.parentPath, e.name)))
      .sort();
    return Response.json(files);
  }
  if (stat?.isFile() && !asked.endsWith('/')) return new Response(readFileSync(path));
  return new Response(null, { status: 404 });
}

export default defineConfig({
  root: packageRoot,
  plugins: [
    cloudflareTest({
      miniflare: {
        compatibilityDate: '2026-04-01',
        // The pool itself needs it; the library under test uses web-platform APIs only.
        compatibilityFlags: ['nodejs_compat'],
        serviceBindings: { VECTORS: serveVector },
      },
    }),
  ],
  test: {
    name: 'shared-cose (workerd)',
    include: ['test/**/*.test.ts'],
    setupFiles: ['workerd-test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
