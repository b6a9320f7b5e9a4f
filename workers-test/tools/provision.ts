/**
 * Provisions a Workers deployment: a new CA, signers, status-list signer, verifier key and
 * admin token (registry/src/worker/provision.ts), written as files for
 * `wrangler secret bulk` and, with `--dev-env`, as the env files `npm run dev:worker` reads.
 *
 *   npx tsx workers-test/tools/provision.ts --registry-url https://registry.example \
 *     --verifier-url https://verify.example --out ./secrets
 *
 * The output folder holds private keys: it is created 0700 and its files 0600. Keep it out of git.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { provisionWorkers } from '../../registry/src/worker/provision';

/** A dotenv line: PEMs with `\n` escapes in double quotes, JSON literally in single quotes. */
function dotenvLine(name: string, value: string): string {
  if (value.startsWith('{')) return `${name}='${value}'`;
  return `${name}="${value.replace(/\r?\n/g, '\\n')}"`;
}

async function writePrivate(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

/**
 * Writes `registry.secrets.json` and `verifier.secrets.json` (and the `.env` files).
 *
 * @example
 * await provisionFiles({ registryUrl, verifierUrl, out: '.wrangler/dqcv-dev', devEnv: true });
 */
export async function provisionFiles(opts: {
  registryUrl: string;
  verifierUrl: string;
  out: string;
  devEnv?: boolean;
}): Promise<void> {
  const { registry, verifier } = await provisionWorkers(opts);
  await mkdir(opts.out, { recursive: true, mode: 0o700 });
  await writePrivate(join(opts.out, 'registry.secrets.json'), JSON.stringify(registry, null, 2));
  await writePrivate(join(opts.out, 'verifier.secrets.json'), JSON.stringify(verifier, null, 2));
  if (opts.devEnv) {
    const env = (bindings: Record<string, string>) =>
      Object.entries(bindings)
        .map(([k, v]) => dotenvLine(k, v))
        .join('\n') + '\n';
    await writePrivate(join(opts.out, 'registry.env'), env(registry));
    await writePrivate(join(opts.out, 'verifier.env'), env(verifier));
  }
}

const isMain = process.argv[1]?.endsWith('provision.ts');
if (isMain) {
  const { values } = parseArgs({
    options: {
      'registry-url': { type: 'string' },
      'verifier-url': { type: 'string' },
      out: { type: 'string' },
      'dev-env': { type: 'boolean', default: false },
    },
  });
  const registryUrl = values['registry-url'];
  const verifierUrl = values['verifier-url'];
  if (!registryUrl || !verifierUrl || !values.out) {
    console.error(
      'usage: provision.ts --registry-url URL --verifier-url URL --out DIR [--dev-env]',
    );
    process.exit(64);
  }
  await provisionFiles({ registryUrl, verifierUrl, out: values.out, devEnv: values['dev-env'] });
  console.log(`wrote ${values.out}/registry.secrets.json and verifier.secrets.json (0600)`);
}
