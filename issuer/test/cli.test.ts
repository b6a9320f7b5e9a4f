import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/client';
import { REPO_ROOT } from '../src/cli/context';
import { dqcv } from './support/cli';
import { startRegistry, type LiveRegistry } from './support/live-registry';
import { pdfFirstPageToPng, readQrTexts } from './support/read-qr';

const run = promisify(execFile);

const HOLDER = [
  '--name',
  '山田 花子',
  '--birth',
  '1990-04-01',
  '--qualification',
  '小型船舶操縦士',
];

let live: LiveRegistry;
let work: string;
let env: Record<string, string>;
let registry: RegistryClient;

async function issue(
  extra: string[] = [],
): Promise<{ url: string; certificateId: string; kid: string; alg: string }> {
  const r = await dqcv(
    ['issue', ...HOLDER, '--registration-number', '000123456', ...extra, '--json'],
    env,
    work,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { url: string; certificateId: string; kid: string; alg: string };
}

beforeAll(async () => {
  live = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'dqcv-cli-'));
  env = { DQCV_SERVER: live.url, DQCV_ADMIN_TOKEN: live.adminToken };
  registry = new RegistryClient({ server: live.url, adminToken: live.adminToken });
});

afterAll(async () => {
  await live?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('dqcv issue', () => {
  it('prints the QR URL and certificate id as JSON, signed PS256 by default', async () => {
    const issued = await issue();

    expect(issued.url.startsWith(`${live.url}/w/?c=`)).toBe(true);
    expect(issued.certificateId).toEqual(expect.any(String));
    expect(issued.alg).toBe('PS256');
    expect(issued.kid).toMatch(/^D-\d{6}$/);
  });

  it('signs with ES256 when asked', async () => {
    expect((await issue(['--alg', 'ES256'])).alg).toBe('ES256');
  });

  it('records what it was given in the registry', async () => {
    const { certificateId } = await issue(['--issuing-body', '見本県知事']);
    const details = await registry.certificate(certificateId);

    expect(details.record).toMatchObject({
      holderName: '山田 花子',
      birthDate: '1990-04-01',
      qualificationName: '小型船舶操縦士',
      registrationNumber: '000123456',
      issuingBody: '見本県知事',
    });
    expect(details.status).toBe('valid');
  });

  it('uses the verification base URL it is given', async () => {
    const { url } = await issue(['--verify-base-url', 'https://verify.example']);

    expect(url.startsWith('https://verify.example/w/?c=')).toBe(true);
  });

  it('writes the QR image with --qr, reading back to the URL', async () => {
    const out = join(work, 'issued.png');
    const { url } = await issue(['--qr', out]);

    expect(await readQrTexts(new Uint8Array(await readFile(out)))).toEqual([url]);
  });

  it('prints labelled lines without --json', async () => {
    const r = await dqcv(['issue', ...HOLDER], env, work);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^certificateId\s+\S+/m);
    expect(r.stdout).toMatch(/^url\s+http:\/\/127\.0\.0\.1:\d+\/w\/\?c=/m);
  });

  it('runs as `npm run -s dqcv` from the repository root', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'dqcv', '--', 'issue', ...HOLDER, '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });

    expect(JSON.parse(stdout)).toMatchObject({ url: expect.stringContaining('/w/?c=') });
  }, 90_000);
});

describe('dqcv status', () => {
  it('suspends a qualification, and the public status says so', async () => {
    const { certificateId } = await issue();
    const r = await dqcv(['status', certificateId, 'suspended', '--reason', '調査中'], env);

    expect(r.code).toBe(0);
    expect((await registry.publicStatus(certificateId)).status).toBe('suspended');
  });

  it('lifts a suspension with active', async () => {
    const { certificateId } = await issue();
    await dqcv(['status', certificateId, 'suspended'], env);
    const r = await dqcv(['status', certificateId, 'active', '--json'], env);

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'active' });
    expect((await registry.publicStatus(certificateId)).status).toBe('valid');
  });

  it.each([
    ['revoked', 'revoked'],
    ['deleted', 'deleted'],
  ])('sets %s', async (word, expected) => {
    const { certificateId } = await issue();

    expect((await dqcv(['status', certificateId, word], env)).code).toBe(0);
    expect((await registry.publicStatus(certificateId)).status).toBe(expected);
  });

  it('keeps each change with its reason in the history', async () => {
    const { certificateId } = await issue();
    await dqcv(['status', certificateId, 'suspended', '--reason', '調査中'], env);
    await dqcv(['status', certificateId, 'revoked', '--reason', '処分確定'], env);
    const r = await dqcv(['history', certificateId, '--json'], env);
    const entries = JSON.parse(r.stdout) as { to: string; reason: string | null }[];

    expect(r.code).toBe(0);
    expect(entries.slice(-2).map((e) => [e.to, e.reason])).toEqual([
      ['suspended', '調査中'],
      ['revoked', '処分確定'],
    ]);
  });

  it('exits 1 with the registry’s problem for an unknown certificate', async () => {
    const r = await dqcv(['status', 'no-such-certificate', 'revoked'], env);

    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/404/);
  });
});

describe('dqcv reissue', () => {
  it('issues a new certificate under a new name and supersedes the old one', async () => {
    const old = await issue();
    const r = await dqcv(['reissue', old.certificateId, '--name', '中村 花子', '--json'], env);
    const fresh = JSON.parse(r.stdout) as { certificateId: string; url: string };

    expect(r.code).toBe(0);
    expect(fresh.certificateId).not.toBe(old.certificateId);
    expect((await registry.publicStatus(old.certificateId)).status).toBe('superseded');
    expect((await registry.certificate(fresh.certificateId)).record.holderName).toBe('中村 花子');
  });
});

describe('dqcv across a registry restart', () => {
  it('finds the certificates and history it wrote before the restart', async () => {
    const { certificateId } = await issue();
    await dqcv(['status', certificateId, 'suspended', '--reason', '再起動前'], env);
    await live.restart();
    const r = await dqcv(['history', certificateId, '--json'], env);

    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ to: 'suspended', reason: '再起動前' })]),
    );
    expect((await registry.publicStatus(certificateId)).status).toBe('suspended');
  });
});

describe('dqcv pdf', () => {
  it('writes the certificate PDF whose QR reads back to the issued URL', async () => {
    const { certificateId, url } = await issue(['--issuing-body', '見本県知事']);
    const out = join(work, 'certificate.pdf');
    const r = await dqcv(['pdf', certificateId, '--out', out], env);

    expect(r.code).toBe(0);
    const png = await pdfFirstPageToPng(new Uint8Array(await readFile(out)), 150);
    expect(await readQrTexts(png)).toEqual([url]);
  });

  it('exits 73 when the output cannot be written', async () => {
    const { certificateId } = await issue();
    const r = await dqcv(['pdf', certificateId, '--out', join(work, 'missing-dir', 'x.pdf')], env);

    expect(r.code).toBe(73);
  });
});

describe('dqcv admin token', () => {
  it('reads the token from the data directory when the environment has none', async () => {
    const r = await dqcv(['issue', ...HOLDER, '--json'], {
      DQCV_SERVER: live.url,
      DQCV_DATA_DIR: live.dataDir,
    });

    expect(r.code).toBe(0);
  });

  it('exits 77 when the registry refuses the token', async () => {
    const r = await dqcv(['issue', ...HOLDER], {
      DQCV_SERVER: live.url,
      DQCV_ADMIN_TOKEN: 'wrong',
    });

    expect(r.code).toBe(77);
    expect(r.stderr).toMatch(/401/);
  });

  it('exits 78 when no token is configured anywhere', async () => {
    const r = await dqcv(['issue', ...HOLDER], { DQCV_SERVER: live.url, DQCV_DATA_DIR: work });

    expect(r.code).toBe(78);
    expect(r.stderr).toContain('DQCV_ADMIN_TOKEN');
  });

  it('never prints the token', async () => {
    const r = await dqcv(['issue', ...HOLDER], {
      DQCV_SERVER: live.url,
      DQCV_ADMIN_TOKEN: 'wrong-secret',
    });

    expect(r.stderr + r.stdout).not.toContain('wrong-secret');
  });
});

describe('dqcv exit codes', () => {
  it('exits 69 when the server cannot be reached', async () => {
    const r = await dqcv(['issue', ...HOLDER, '--server', 'http://127.0.0.1:1'], env);

    expect(r.code).toBe(69);
    expect(r.stderr).toContain('cannot reach');
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['issue without --name', ['issue', '--birth', '1990-04-01', '--qualification', 'x']],
    [
      'a birth date that is no calendar day',
      ['issue', ...HOLDER.slice(0, 2), '--birth', '1990-02-30', '--qualification', 'x'],
    ],
    ['an unknown algorithm', ['issue', ...HOLDER, '--alg', 'RS256']],
    ['an unknown option', ['issue', ...HOLDER, '--colour', 'blue']],
    ['an unknown status word', ['status', 'C-1', 'paused']],
    ['status without its word', ['status', 'C-1']],
    ['qr to a .gif', ['qr', 'http://x/w/?c=a', '--out', 'x.gif']],
    ['pdf to a .png', ['pdf', 'C-1', '--out', 'x.png']],
    ['a server that is no URL', ['status', 'C-1', 'active', '--server', 'localhost']],
  ])('exits 64 on misuse: %s', async (_label, argv) => {
    const r = await dqcv(argv, env, work);

    expect(r.code).toBe(64);
    expect(r.stderr + r.stdout).not.toBe('');
  });

  it('prints help and exits 0 with --help', async () => {
    const r = await dqcv(['issue', '--help'], env);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: dqcv issue');
  });
});
