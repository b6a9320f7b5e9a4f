/**
 * Status over real HTTP: admin changes, the per-certificate answer, the signed status list
 * (decoded and verified with shared-cose's status-list source against the published root), the
 * append-only history, and concurrent changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStatusListSource,
  createTrustStore,
  createWebCryptoBackend,
  decodeBase64Any,
  decodeCredentialPayload,
  decodeSign1,
  decodeStatusListToken,
  type CredentialRecord,
  type StatusSource,
} from '@dqcv/shared-cose';
import { admin, issue, removeDir, startRegistry, tempDir, type RunningRegistry } from './helpers';

let r: RunningRegistry;
let lists: StatusSource;

beforeAll(async () => {
  r = await startRegistry(await tempDir());
  const trustList = (await (await fetch(`${r.base}/registry/v1/trust-list`)).json()) as {
    anchors: string[];
  };
  lists = createStatusListSource({
    fetchList: async (uri) => {
      const res = await fetch(uri);
      if (!res.ok) return { ok: false, detail: `HTTP ${res.status}` };
      return { ok: true, bytes: new Uint8Array(await res.arrayBuffer()), fetchedAt: new Date() };
    },
    trust: await createTrustStore({ anchors: trustList.anchors }),
    crypto: createWebCryptoBackend(),
    now: () => new Date(),
    maxAgeSeconds: 600,
    allowedUris: [`${r.base}/registry/v1/status-lists/`],
  });
});

afterAll(async () => {
  await r.stop();
  await removeDir(r.dataDir);
});

function recordOf(c: string): CredentialRecord {
  const sign1 = decodeSign1(decodeBase64Any(c)!);
  if (!sign1.ok) throw new Error(sign1.detail);
  const payload = decodeCredentialPayload(sign1.sign1.payload);
  if (!payload.ok) throw new Error(payload.detail);
  return payload.record;
}

async function publicStatus(certificateId: string) {
  const res = await fetch(`${r.base}/registry/v1/certificates/${certificateId}/status`);
  return { http: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function setStatus(certificateId: string, status: string, reason?: string) {
  return admin(
    r,
    `/certificates/${certificateId}/status`,
    reason ? { status, reason } : { status },
  );
}

describe('per-certificate status', () => {
  it('answers valid for a new certificate, with no personal data', async () => {
    const issued = await issue(r);
    const { http, body } = await publicStatus(issued.certificateId);
    expect(http).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['certificateId', 'status', 'updatedAt']);
    expect(body).toMatchObject({ certificateId: issued.certificateId, status: 'valid' });
  });

  it.each(['suspended', 'revoked', 'deleted'])('follows a change to %s', async (status) => {
    const issued = await issue(r);
    const res = await setStatus(issued.certificateId, status, '審査');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ registrationId: issued.registrationId, status });
    expect((await publicStatus(issued.certificateId)).body.status).toBe(status);
  });

  it('returns to valid when a suspension is lifted', async () => {
    const issued = await issue(r);
    await setStatus(issued.certificateId, 'suspended');
    await setStatus(issued.certificateId, 'active');
    expect((await publicStatus(issued.certificateId)).body.status).toBe('valid');
  });

  it.each(['active', 'suspended', 'revoked'])(
    'refuses a change from deleted (削除, final) to %s with 409 registration-deleted',
    async (to) => {
      const issued = await issue(r);
      expect((await setStatus(issued.certificateId, 'deleted', '死亡')).status).toBe(200);
      const res = await setStatus(issued.certificateId, to, '誤り');
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await res.json()).type).toBe('https://dqcv.invalid/problems/registration-deleted');
      expect((await publicStatus(issued.certificateId)).body.status).toBe('deleted');
      const history = (await (
        await admin(r, `/registrations/${issued.registrationId}/history`)
      ).json()) as { to: string }[];
      expect(history.map((h) => h.to)).toEqual(['active', 'deleted']);
    },
  );

  it('lets a revoked (取消) registration be made active again', async () => {
    const issued = await issue(r);
    await setStatus(issued.certificateId, 'revoked', '不正');
    expect((await setStatus(issued.certificateId, 'active', '取消の撤回')).status).toBe(200);
    expect((await publicStatus(issued.certificateId)).body.status).toBe('valid');
  });

  it('answers 404 certificate-unknown for an id it never issued', async () => {
    const res = await fetch(`${r.base}/registry/v1/certificates/9999999999999999/status`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await res.json()).type).toMatch(/\/certificate-unknown$/);
  });
});

describe('the signed status list', () => {
  it('holds each certificate at its index with its status value', async () => {
    const cases = [
      ['valid', undefined],
      ['revoked', 'revoked'],
      ['suspended', 'suspended'],
      ['deleted', 'deleted'],
    ] as const;
    for (const [expected, change] of cases) {
      const issued = await issue(r);
      if (change) await setStatus(issued.certificateId, change);
      expect(await lists.getStatus(recordOf(issued.c))).toMatchObject({
        ok: true,
        status: expected,
        source: 'status_list',
      });
    }
  });

  it('marks a superseded certificate with the value 12', async () => {
    const first = await issue(r);
    await admin(r, `/registrations/${first.registrationId}/certificates`, {});
    const ref = recordOf(first.c).statusList!;
    expect(await lists.getStatus(recordOf(first.c))).toMatchObject({
      ok: true,
      status: 'superseded',
    });

    const token = decodeStatusListToken(new Uint8Array(await (await fetch(ref.uri)).arrayBuffer()));
    if (!token.ok) throw new Error(token.detail);
    expect(token.token.bits).toBe(4);
    const byte = token.token.list[Math.floor(ref.idx / 2)]!;
    expect((byte >> ((ref.idx % 2) * 4)) & 0x0f).toBe(12);
  });

  it('is served as application/statuslist+cwt with max-age = ttl and an ETag', async () => {
    const issued = await issue(r);
    const uri = recordOf(issued.c).statusList!.uri;
    const res = await fetch(uri);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/statuslist+cwt');
    const token = decodeStatusListToken(new Uint8Array(await res.arrayBuffer()));
    if (!token.ok) throw new Error(token.detail);
    expect(res.headers.get('cache-control')).toBe(`public, max-age=${token.token.ttl}`);
    expect(token.token.uri).toBe(uri);
    expect(token.token.exp).toBeGreaterThan(token.token.iat);

    const again = await fetch(uri, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('changes its ETag when an entry changes', async () => {
    const issued = await issue(r);
    const uri = recordOf(issued.c).statusList!.uri;
    const before = (await fetch(uri)).headers.get('etag');
    await setStatus(issued.certificateId, 'suspended');
    const after = (await fetch(uri)).headers.get('etag');
    expect(after).not.toBe(before);
  });

  it('answers 404 for a list that does not exist', async () => {
    const res = await fetch(`${r.base}/registry/v1/status-lists/999`);
    expect(res.status).toBe(404);
    expect((await res.json()).type).toMatch(/\/status-list-unknown$/);
  });
});

describe('history', () => {
  it('records every change with from, to, reason and a hashed actor', async () => {
    const issued = await issue(r);
    await setStatus(issued.certificateId, 'suspended', '調査中');
    await setStatus(issued.certificateId, 'active', '調査終了');
    const res = await admin(r, `/registrations/${issued.registrationId}/history`);
    const history = (await res.json()) as {
      from: string | null;
      to: string;
      reason: string;
      actor: string;
    }[];
    expect(history.map((h) => [h.from, h.to, h.reason])).toEqual([
      [null, 'active', 'registered'],
      ['active', 'suspended', '調査中'],
      ['suspended', 'active', '調査終了'],
    ]);
    for (const h of history) {
      expect(h.actor).toMatch(/^admin:[0-9a-f]{12}$/);
      expect(h.actor).not.toContain(r.token);
    }
  });

  it('keeps both of two changes sent at the same moment, each with the status it replaced', async () => {
    const issued = await issue(r);
    const [a, b] = await Promise.all([
      setStatus(issued.certificateId, 'suspended', 'first'),
      setStatus(issued.certificateId, 'revoked', 'second'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const history = (await (
      await admin(r, `/registrations/${issued.registrationId}/history`)
    ).json()) as { from: string; to: string; reason: string }[];
    const changes = history.slice(1);
    expect(changes.map((h) => h.reason).sort()).toEqual(['first', 'second']);
    // Serialised: the later change replaced the earlier one's status, not "active" twice.
    expect(changes[0]!.from).toBe('active');
    expect(changes[1]!.from).toBe(changes[0]!.to);
    expect((await publicStatus(issued.certificateId)).body.status).toBe(changes[1]!.to);
  });

  it('answers 404 for an unknown registration', async () => {
    const res = await admin(r, `/registrations/${crypto.randomUUID()}/history`);
    expect(res.status).toBe(404);
    expect((await res.json()).type).toMatch(/\/registration-unknown$/);
  });
});
