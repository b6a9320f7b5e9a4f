/**
 * `npm run bench [-- section…]`: measures each figure of issue 7 beside its limit, in one run on
 * one machine, prints a table and writes bench/results/latest.json. Sections: verify, http,
 * registry, status, qr, sizes (all by default). A section whose subject is not there yet prints
 * "not available: <why>" instead of a number.
 *
 * @example
 * npm run bench -- verify status
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, unavailable, type Figure } from './lib/figures';

const HERE = dirname(fileURLToPath(import.meta.url));

type Section = () => Promise<Figure[]>;

const SECTIONS: Record<string, () => Promise<Section>> = {
  verify: async () => (await import('./sections/verify')).runVerify,
  http: async () => (await import('./sections/http')).runHttp,
  registry: async () => (await import('./sections/registry-load')).runRegistryLoad,
  status: async () => (await import('./sections/status-list')).runStatusList,
  qr: async () => (await import('./sections/qr')).runQr,
  sizes: async () => (await import('./sections/sizes')).runSizes,
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = asked.filter((a) => !(a in SECTIONS));
  if (unknown.length > 0) {
    console.error(
      `unknown section(s): ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`,
    );
    process.exitCode = 64;
    return;
  }
  const names = asked.length > 0 ? asked : Object.keys(SECTIONS);
  const figures: Figure[] = [];
  const started = Date.now();

  for (const name of names) {
    const t0 = Date.now();
    console.error(`bench: ${name}…`);
    try {
      const run = await SECTIONS[name]!();
      figures.push(...(await run()));
    } catch (error) {
      figures.push(unavailable(name, '(section)', `failed: ${message(error)}`));
    }
    console.error(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const table = formatTable(figures);
  console.log(table);
  const misses = figures.filter((f) => f.verdict === 'miss').length;
  const absent = figures.filter((f) => f.verdict === 'n/a').length;
  console.log(
    `\n${figures.length} figures, ${misses} missed target(s)` +
      (absent > 0 ? `, ${absent} not available (their targets were not measured).` : '.'),
  );

  const out = join(HERE, 'results', 'latest.json');
  await mkdir(dirname(out), { recursive: true });
  const result = {
    at: new Date().toISOString(),
    seconds: (Date.now() - started) / 1000,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      loadavg: loadavg(),
      node: process.version,
    },
    note: 'Shared, noisy machine: compare ratios measured in the same run, not absolute rates.',
    sections: names,
    figures,
    table,
  };
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written: ${out}`);
}

await main();
