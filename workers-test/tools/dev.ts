/**
 * `npm run dev:worker`: both Workers on this machine, offline, in workerd through wrangler dev —
 * the registry on a local D1 at http://127.0.0.1:8788/registry, the verifier at
 * http://127.0.0.1:8787 reaching it through its service binding. The first run provisions a
 * local PKI and admin token into .wrangler/dqcv-dev/ (git-ignored) and applies the migrations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, wrangler } from '../support/wrangler';
import { provisionFiles } from './provision';

const DEV_DIR = join(REPO_ROOT, '.wrangler', 'dqcv-dev');
const REGISTRY = 'http://127.0.0.1:8788';
const VERIFIER = 'http://127.0.0.1:8787';

if (!existsSync(join(DEV_DIR, 'registry.env'))) {
  await provisionFiles({
    registryUrl: REGISTRY,
    verifierUrl: VERIFIER,
    out: DEV_DIR,
    devEnv: true,
  });
  console.log(`dev:worker: new local PKI and admin token in ${DEV_DIR}`);
}
await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--env', 'registry']);

const children: ChildProcess[] = [];
function dev(args: string[]): void {
  const child = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code) => {
    for (const other of children) if (other !== child) other.kill('SIGINT');
    process.exitCode = code ?? 1;
  });
  children.push(child);
}

dev([
  '--env',
  'registry',
  '--port',
  '8788',
  '--inspector-port',
  '9231',
  '--env-file',
  join(DEV_DIR, 'registry.env'),
]);
dev([
  '--env=',
  '--port',
  '8787',
  '--inspector-port',
  '9230',
  '--env-file',
  join(DEV_DIR, 'verifier.env'),
]);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => children.forEach((c) => c.kill(signal)));
}

const secrets = JSON.parse(await readFile(join(DEV_DIR, 'registry.secrets.json'), 'utf8')) as {
  DQCV_ADMIN_TOKEN: string;
};
console.log(`dev:worker: registry ${REGISTRY}/registry, verifier ${VERIFIER}
  admin token: ${secrets.DQCV_ADMIN_TOKEN.slice(0, 4)}… (in ${join(DEV_DIR, 'registry.secrets.json')})
  issue one:   DQCV_ADMIN_TOKEN=… npm run -s dqcv -- issue --server ${REGISTRY} \\
                 --name 'Hanako Shiken' --birth 1990-04-01 --qualification 小型船舶操縦士 --json`);
