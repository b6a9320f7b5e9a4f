/** Serves swagger-ui-dist's files from node_modules for /docs (never a CDN). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { DocsAssets } from '../deps';

const require = createRequire(import.meta.url);

/**
 * Reads each asset once and keeps it in memory.
 *
 * @example
 * createVerifierApp({ ...deps, docsAssets: nodeDocsAssets() });
 */
export function nodeDocsAssets(): DocsAssets {
  const cache = new Map<string, Promise<string | undefined>>();
  return (name) => {
    let hit = cache.get(name);
    if (hit === undefined) {
      hit = readFile(require.resolve(`swagger-ui-dist/${name}`), 'utf8').catch(() => undefined);
      cache.set(name, hit);
    }
    return hit;
  };
}
