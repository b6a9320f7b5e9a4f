/**
 * Reads the public test corpora of `../shared/vectors` (relative to the repository root) from
 * whichever runtime the tests run in, so that one test file serves Node, Chromium and workerd.
 *
 * In Node the files are read from disk. A runner for another runtime installs a fetcher on
 * `globalThis.__dqcvVectorFetch` before the tests load (the browser harness fetches its
 * `/__vectors/` route; the workerd setup calls a service binding); both answer a file path
 * with its bytes and a folder path ending in `/` with a JSON array of the relative paths of the
 * files below it, recursively, sorted.
 *
 *   const text = await readVectorText('x509-limbo/limbo.json'); // undefined when absent
 *   const files = await listVectorFiles('cose-wg-examples/sign1-tests/'); // ['sign-fail-01.json', …]
 */

/** What a runner outside Node installs: fetches a path below the vectors folder. */
export type VectorFetch = (path: string) => Promise<Response>;

declare global {
  var __dqcvVectorFetch: VectorFetch | undefined;
}

/** Where the vectors come from, for the message a suite prints when they are absent. */
export function vectorsLocation(): string {
  return globalThis.__dqcvVectorFetch
    ? "../shared/vectors (through the runner's vector route)"
    : new URL('../../../shared/vectors/', import.meta.url).pathname;
}

/** The text of a file below `../shared/vectors`, or undefined when it is absent. */
export async function readVectorText(path: string): Promise<string | undefined> {
  const fetchVector = globalThis.__dqcvVectorFetch;
  if (fetchVector) {
    const response = await fetchVector(path);
    return response.ok ? response.text() : undefined;
  }
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(new URL(`../../../shared/vectors/${path}`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The files below a folder of `../shared/vectors` (`dir` ends in `/`), as sorted paths relative
 * to it, recursively; undefined when the folder is absent.
 */
export async function listVectorFiles(dir: string): Promise<string[] | undefined> {
  if (!dir.endsWith('/')) throw new TypeError(`a vector folder path ends in '/': ${dir}`);
  const fetchVector = globalThis.__dqcvVectorFetch;
  if (fetchVector) {
    const response = await fetchVector(dir);
    return response.ok ? ((await response.json()) as string[]) : undefined;
  }
  const { readdir } = await import('node:fs/promises');
  const { join, relative } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = fileURLToPath(new URL(`../../../shared/vectors/${dir}`, import.meta.url));
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)))
      .sort();
  } catch {
    return undefined;
  }
}
