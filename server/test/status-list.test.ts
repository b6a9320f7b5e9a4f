/**
 * The verifier in `status_list` mode against the real registry (in-process host, real HTTP):
 * status comes from the signed Token Status List, and the PWA trust bundle carries that list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCbor, decodeSign1 } from '@dqcv/shared-cose';
import { silentLogger } from '@dqcv/verifier-api';
import { adminClient, type AdminClient } from '../src/admin-client';
import { startServer, type RunningServer } from '../src/start';
import { NO_CACHE, freePort } from './support/process';

let server: RunningServer;
let admin: AdminClient;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'dqcv-statuslist-'));
  server = await startServer({
    port: await freePort(),
    dataDir,
    env: { ...NO_CACHE, DQCV_STATUS_MODE: 'status_list' },
    logger: silentLogger,
    seedDemo: false,
  });
  admin = adminClient(server.baseUrl, server.adminToken);
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function verify(url: string) {
  const res = await fetch(`${server.baseUrl}/v1/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  return res.json();
}

const record = {
  qualificationName: '小型船舶操縦士',
  holderName: '一覧 太郎',
  birthDate: '1988-08-08',
};

describe('status from the signed status list', () => {
  it('answers valid with the status list as the source', async () => {
    const issued = await admin.issue({ ...record, alg: 'ES256' });
    const v = await verify(issued.url);
    expect(v.result).toBe('valid');
    expect(v.status.source).toBe('status_list');
  });

  it('answers qualification_suspended once the list says so', async () => {
    const issued = await admin.issue({ ...record, alg: 'ES256' });
    await admin.setStatus(issued.certificateId, 'suspended');
    const v = await verify(issued.url);
    expect(v.reasons.map((r: { code: string }) => r.code)).toEqual(['qualification_suspended']);
  });

  it('puts the status list and the CRL in the PWA trust bundle', async () => {
    const res = await fetch(`${server.baseUrl}/v1/trust-bundle`);
    const sign1 = decodeSign1(new Uint8Array(await res.arrayBuffer()));
    if (!sign1.ok) throw new Error(sign1.detail);
    const payload = decodeCbor(sign1.sign1.payload);
    if (!payload.ok) throw new Error(payload.detail);
    const p = payload.value as Map<string, unknown>;
    const lists = p.get('statusLists') as Map<string, unknown>[];
    expect(lists.map((l) => l.get('uri'))).toEqual([
      `${server.baseUrl}/registry/v1/status-lists/1`,
    ]);
    expect((p.get('crls') as unknown[]).length).toBe(1);
    expect((p.get('signers') as Map<string, unknown>[]).map((s) => s.get('kid'))).toEqual(
      expect.arrayContaining(['D-000001', 'D-000002']),
    );
  });
});
