/**
 * The data directory: created at first start (keys 0600), and everything kept across a restart
 * on the same directory.
 */
import { chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, issue, removeDir, startRegistry, tempDir } from './helpers';

const dirs: string[] = [];
// These tests decide where the token comes from; an outer DQCV_ADMIN_TOKEN must not leak in.
const outerToken = process.env.DQCV_ADMIN_TOKEN;
beforeEach(() => {
  delete process.env.DQCV_ADMIN_TOKEN;
});
afterAll(() => {
  if (outerToken !== undefined) process.env.DQCV_ADMIN_TOKEN = outerToken;
});
afterEach(async () => {
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function fresh() {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('first start', () => {
  it('writes the layout of docs/ARCHITECTURE.md with private keys and the token owner-only', async () => {
    const dir = await fresh();
    const r = await startRegistry(dir);
    try {
      for (const key of [
        'pki/root.key.pem',
        'pki/status-list.key.pem',
        'pki/verifier.key.pem',
        'pki/signers/D-000001.key.pem',
        'pki/signers/D-000002.key.pem',
        'admin-token',
      ]) {
        expect(await mode(join(dir, key)), key).toBe(0o600);
      }
      for (const file of [
        'pki/root.cert.pem',
        'pki/status-list.cert.pem',
        'pki/verifier.cert.pem',
        'pki/signers/D-000001.cert.pem',
        'pki/signers/D-000002.cert.pem',
        'pki/root.crl',
        'registry.sqlite',
      ]) {
        await expect(stat(join(dir, file)), file).resolves.toBeDefined();
      }
      expect(r.registry.adminTokenFile).toBe(join(dir, 'admin-token'));
    } finally {
      await r.stop();
    }
  });

  it('keeps the data directory 0700 and the database with its -wal and -shm 0600', async () => {
    const dir = await fresh();
    await chmod(dir, 0o755);
    const r = await startRegistry(dir);
    try {
      await issue(r);
      expect(await mode(dir)).toBe(0o700);
      for (const file of ['registry.sqlite', 'registry.sqlite-wal', 'registry.sqlite-shm']) {
        expect(await mode(join(dir, file)), file).toBe(0o600);
      }
    } finally {
      await r.stop();
    }
  });

  it('takes the admin token from DQCV_ADMIN_TOKEN and writes no token file', async () => {
    const dir = await fresh();
    process.env.DQCV_ADMIN_TOKEN = 'env-token-for-the-test-0123456789';
    try {
      const r = await startRegistry(dir);
      try {
        expect(r.token).toBe('env-token-for-the-test-0123456789');
        expect(r.registry.adminTokenFile).toBeNull();
        await expect(stat(join(dir, 'admin-token'))).rejects.toThrow();
        expect((await issue(r)).kid).toBe('D-000001');
      } finally {
        await r.stop();
      }
    } finally {
      delete process.env.DQCV_ADMIN_TOKEN;
    }
  });
});

describe('restart on the same data directory', () => {
  it('keeps every record, the history, the PKI and the token', async () => {
    const dir = await fresh();
    const first = await startRegistry(dir);
    const issued = await issue(first);
    await admin(first, `/certificates/${issued.certificateId}/status`, {
      status: 'suspended',
      reason: 'r1',
    });
    const added = (await (await admin(first, '/signers', { alg: 'PS256' })).json()) as {
      kid: string;
    };
    const rootBefore = await (await fetch(`${first.base}/registry/ca/root.pem`)).text();
    const token = first.token;
    await first.stop();

    const second = await startRegistry(dir);
    try {
      expect(second.token).toBe(token);
      expect(await (await fetch(`${second.base}/registry/ca/root.pem`)).text()).toBe(rootBefore);
      const status = await fetch(
        `${second.base}/registry/v1/certificates/${issued.certificateId}/status`,
      );
      expect(((await status.json()) as { status: string }).status).toBe('suspended');
      const history = (await (
        await admin(second, `/registrations/${issued.registrationId}/history`)
      ).json()) as { to: string }[];
      expect(history.map((h) => h.to)).toEqual(['active', 'suspended']);
      const kids = (
        (await (await fetch(`${second.base}/registry/v1/trust-list`)).json()) as {
          signers: { kid: string }[];
        }
      ).signers.map((s) => s.kid);
      expect(kids).toEqual(['D-000001', 'D-000002', added.kid]);
      // The rotated signer's key was kept too: it can sign after the restart.
      await admin(second, '/signers/D-000001/revoke', {});
      expect(await issue(second)).toMatchObject({ kid: added.kid, alg: 'PS256' });
    } finally {
      await second.stop();
    }
  });
});
