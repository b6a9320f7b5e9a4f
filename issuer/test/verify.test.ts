import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/cli/context';
import { dqcv } from './support/cli';
import { serverAvailable, startServer, type LiveServer } from './support/live-server';

const HOLDER = [
  '--name',
  '山田 花子',
  '--birth',
  '1990-04-01',
  '--qualification',
  '小型船舶操縦士',
];

if (!serverAvailable()) {
  console.warn(
    'server/src/main.ts is absent: the dqcv verify tests against a live server are skipped',
  );
}

describe.skipIf(!serverAvailable())('dqcv verify against the running server', () => {
  let live: LiveServer;
  let work: string;
  let env: Record<string, string>;

  async function issue(extra: string[] = []): Promise<{ url: string; certificateId: string }> {
    const r = await dqcv(['issue', ...HOLDER, ...extra, '--json'], env, work);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { url: string; certificateId: string };
  }

  beforeAll(async () => {
    live = await startServer();
    work = await mkdtemp(join(tmpdir(), 'dqcv-verify-'));
    // The token comes from the server's data directory, as for a user on the same machine.
    env = { DQCV_SERVER: live.url, DQCV_DATA_DIR: live.dataDir };
  }, 150_000);

  afterAll(async () => {
    await live?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('exits 0 and prints 有効です for a freshly issued certificate', async () => {
    const { url } = await issue();
    const r = await dqcv(['verify', url], env);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid\s+有効です/);
    expect(r.stdout).toContain('山田 花子');
  });

  it('exits 1 with qualification_suspended for a suspended qualification', async () => {
    const { url, certificateId } = await issue();
    expect((await dqcv(['status', certificateId, 'suspended'], env)).code).toBe(0);
    const r = await dqcv(['verify', url, '--json'], env);

    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      result: 'invalid',
      reasons: [{ code: 'qualification_suspended' }],
    });
  });

  it('exits 1 with certificate_superseded for a certificate replaced by a reissue', async () => {
    const old = await issue();
    expect((await dqcv(['reissue', old.certificateId, '--name', '中村 花子'], env)).code).toBe(0);
    const r = await dqcv(['verify', old.url, '--json'], env);

    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reasons[0].code).toBe('certificate_superseded');
  });

  it('verifies a bare c value as well as a URL', async () => {
    const { url } = await issue(['--alg', 'ES256']);
    const c = new URL(url).searchParams.get('c')!;
    const r = await dqcv(['verify', c, '--json'], env);

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).result).toBe('valid');
  });

  it('verifies the QR image written by issue --qr through /v1/verify/file', async () => {
    const png = join(work, 'qr.png');
    await issue(['--qr', png]);
    const r = await dqcv(['verify', png], env);

    expect(r.code).toBe(0);
  }, 120_000);

  it('exits 1 with malformed for a credential URL whose value is garbage', async () => {
    const r = await dqcv(['verify', `${live.url}/w/?c=AAAA`, '--json', '--lang', 'en'], env);

    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reasons[0]).toMatchObject({ code: 'malformed' });
  });

  it('exits 64 for a file that is not a PNG, JPEG or PDF', async () => {
    const r = await dqcv(['verify', 'package.json'], env, REPO_ROOT);

    expect(r.code).toBe(64);
  });

  it('exits 66 for an image file that does not exist', async () => {
    const r = await dqcv(['verify', join(work, 'missing.png')], env);

    expect(r.code).toBe(66);
  });
});
