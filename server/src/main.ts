/**
 * `npm start`: one Node process on 127.0.0.1:8787 (PORT, HOST, DQCV_DATA_DIR honoured) with
 * the registry, the CA, the verifier and the scanner PWA. Prints the demo certificates' URLs
 * and where the admin token is.
 */
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ConfigError } from '@dqcv/verifier-api';
import { REPO_ROOT, startServer } from './start';

const port = Number(process.env.PORT ?? 8787);
const dataDir = resolve(process.env.DQCV_DATA_DIR ?? join(REPO_ROOT, '.data'));

/** Builds the PWA in the background when it is missing; /app/ says so until it is there. */
function buildPwaIfMissing(): void {
  if (process.env.DQCV_BUILD_PWA === '0') return;
  if (existsSync(join(REPO_ROOT, 'scanner-pwa', 'dist', 'index.html'))) return;
  console.error('scanner-pwa/dist is missing: building it now (npm run build:pwa) …');
  const child = spawn('npm', ['run', 'build:pwa'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code) =>
    console.error(
      code === 0 ? 'scanner PWA built: /app/ is ready' : `scanner PWA build failed (${code})`,
    ),
  );
}

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT: not a port: ${process.env.PORT}`);
  buildPwaIfMissing();
  const server = await startServer({ port, hostname: process.env.HOST ?? '127.0.0.1', dataDir });

  const lines = [
    '',
    `dqcv is running at ${server.baseUrl}`,
    `  scanner app   ${server.baseUrl}/app/`,
    `  API reference ${server.baseUrl}/docs`,
    `  data          ${dataDir}`,
    server.adminTokenFile
      ? `  admin token   in ${server.adminTokenFile}`
      : '  admin token   from DQCV_ADMIN_TOKEN',
    '',
    'Demo certificates (open in a browser, or POST {"url": …} to /v1/verify):',
    ...server.demo.flatMap((d) => [`  ${d.label} → ${d.expected}`, `    ${d.url}`]),
    '',
  ];
  console.error(lines.join('\n'));

  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
