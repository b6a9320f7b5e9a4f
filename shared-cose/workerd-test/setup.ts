/**
 * Runs inside workerd before each test file: refuses to run anywhere else (so a passing run is
 * a run in the Workers runtime), and lets the tests read ../shared/vectors (test/vectors.ts)
 * through the VECTORS service binding, which vitest.config.ts answers from disk in Node.
 */
import { env } from 'cloudflare:workers';

if (globalThis.navigator?.userAgent !== 'Cloudflare-Workers') {
  throw new Error(`expected workerd, found ${globalThis.navigator?.userAgent ?? 'no navigator'}`);
}

const vectors = env.VECTORS as { fetch(url: string): Promise<Response> };
globalThis.__dqcvVectorFetch = (path) => vectors.fetch(`http://vectors.invalid/${path}`);
