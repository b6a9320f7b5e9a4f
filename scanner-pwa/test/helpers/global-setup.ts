/**
 * Builds the scanner once for every browser suite (the same `vite build` as
 * `npm run -w scanner-pwa build`), unless DQCV_PWA_SKIP_BUILD=1 says dist/ is already current.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  if (process.env.DQCV_PWA_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  await build({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
}
