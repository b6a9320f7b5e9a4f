/**
 * @dqcv/server: the one-process host of `npm start`, for tests and tools that start it in-process.
 *
 * @example
 * import { startServer } from '@dqcv/server';
 * const server = await startServer({ port: 8787, dataDir: '.data' });
 */
export { startServer, REPO_ROOT, type RunningServer, type StartOptions } from './start';
export { servePwa, type PwaOptions } from './pwa';
export { ensureDemo, type DemoCertificate } from './demo';
export { adminClient, tamper, type AdminClient, type Issued } from './admin-client';
