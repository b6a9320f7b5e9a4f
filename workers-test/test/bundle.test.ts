/**
 * The Worker bundles as `wrangler deploy` builds them: small enough, and free of run-time code
 * generation, which workerd refuses (the walk in verify-walk.test.ts runs these very bundles).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { describe, expect, inject, it } from 'vitest';
import { COMPATIBILITY_DATE } from '../support/context';

const ctx = inject('dqcvWorkers');
const MIB = 1024 * 1024;

async function gzippedSize(folder: string): Promise<{ raw: number; gzip: number }> {
  const code = await readFile(join(folder, 'index.js'));
  return { raw: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

describe('Worker bundles', () => {
  it('keeps the verifier bundle under 1 MiB gzipped', async () => {
    const { raw, gzip } = await gzippedSize(ctx.verifierBundle);
    console.log(
      `verifier Worker bundle: ${(raw / 1024).toFixed(0)} KiB, ` +
        `${(gzip / 1024).toFixed(0)} KiB gzipped (limit 1024 KiB)`,
    );
    expect(gzip).toBeLessThan(MIB);
  });

  it('reports the registry bundle size', async () => {
    const { raw, gzip } = await gzippedSize(ctx.registryBundle);
    console.log(
      `registry Worker bundle: ${(raw / 1024).toFixed(0)} KiB, ${(gzip / 1024).toFixed(0)} KiB gzipped`,
    );
    expect(gzip).toBeLessThan(3 * MIB);
  });

  it.each(['verifierBundle', 'registryBundle'] as const)(
    'calls neither eval nor new Function in the %s',
    async (which) => {
      const code = await readFile(join(ctx[which], 'index.js'), 'utf8');
      expect(code).not.toMatch(/\bnew Function\s*\(/);
      expect(code).not.toMatch(/(^|[^.\w$])eval\s*\(/m);
    },
  );

  it('runs in a workerd that refuses code generation from strings', async () => {
    const mf = new Miniflare({
      modules: true,
      compatibilityDate: COMPATIBILITY_DATE,
      script: `export default { fetch() {
        try { new Function('return 1')(); return new Response('allowed'); }
        catch (e) { return new Response(e.name + ': ' + e.message); } } };`,
    });
    try {
      const text = await (await mf.dispatchFetch('http://workerd.test/')).text();
      expect(text).toMatch(/^EvalError: Code generation from strings disallowed/);
    } finally {
      await mf.dispose();
    }
  });
});
