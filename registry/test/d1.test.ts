/**
 * The same registry on Cloudflare D1 (in workerd, through Miniflare): the SQL migration files
 * applied as wrangler would, then the runtime-neutral app built on D1 storage and driven through
 * its routes, atomic batches included.
 */
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRegistry,
  createD1Storage,
  generateInitialPki,
  materialFromPem,
  type D1Like,
} from '../src/app';
import { decodeStatusListToken } from '@dqcv/shared-cose';
import { PERSON } from './helpers';
import { migrationFiles, sqlStatements } from './sql-files';

const TOKEN = 'd1-test-admin-token-0123456789abcdef';
const BASE = 'https://registry.example';

let mf: Miniflare;
let app: Awaited<ReturnType<typeof buildRegistry>>['app'];

beforeAll(async () => {
  mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response("d1 host") } }',
    d1Databases: ['DB'],
  });
  const raw = await mf.getD1Database('DB');
  for (const text of await migrationFiles()) {
    for (const statement of sqlStatements(text)) await raw.prepare(statement).run();
  }
  const d1 = raw as unknown as D1Like;

  const pki = await generateInitialPki(new Date());
  const storage = createD1Storage(d1);
  for (const s of pki.signers) {
    await storage.db
      .insertInto('signers')
      .values({
        kid: s.kid,
        alg: s.alg,
        certificate_pem: s.certificatePem,
        serial_number: s.serialNumber,
        created_at: new Date().toISOString(),
        revoked_at: null,
        revocation_reason: null,
      })
      .execute();
  }
  ({ app } = await buildRegistry({
    storage,
    material: await materialFromPem({
      root: pki.root,
      statusList: pki.statusList,
      verifierCertificatePem: pki.verifier.certificatePem,
      signers: pki.signers,
    }),
    adminToken: TOKEN,
    baseUrl: BASE,
  }));
});

afterAll(async () => {
  await mf?.dispose();
});

const call = (path: string, body?: unknown) =>
  app.request(`/registry${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('the registry on D1', () => {
  it('issues, changes status and answers from D1', async () => {
    const res = await call('/admin/v1/issue', { ...PERSON, alg: 'ES256' });
    expect(res.status).toBe(201);
    const issued = (await res.json()) as {
      certificateId: string;
      registrationId: string;
      kid: string;
    };
    expect(issued.kid).toBe('D-000002');

    expect(
      (await call(`/admin/v1/certificates/${issued.certificateId}/status`, { status: 'suspended' }))
        .status,
    ).toBe(200);
    const status = (await (
      await call(`/v1/certificates/${issued.certificateId}/status`)
    ).json()) as { status: string };
    expect(status.status).toBe('suspended');
  });

  it('keeps both of two concurrent status changes in the history (one batch each)', async () => {
    const issued = (await (await call('/admin/v1/issue', { ...PERSON, alg: 'ES256' })).json()) as {
      certificateId: string;
      registrationId: string;
    };
    await Promise.all([
      call(`/admin/v1/certificates/${issued.certificateId}/status`, {
        status: 'suspended',
        reason: 'a',
      }),
      call(`/admin/v1/certificates/${issued.certificateId}/status`, {
        status: 'revoked',
        reason: 'b',
      }),
    ]);
    const history = (await (
      await call(`/admin/v1/registrations/${issued.registrationId}/history`)
    ).json()) as {
      from: string | null;
      to: string;
      reason: string;
    }[];
    expect(history).toHaveLength(3);
    expect(
      history
        .slice(1)
        .map((h) => h.reason)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(history[2]!.from).toBe(history[1]!.to);
  });

  it('supersedes on reissue and publishes the entries in the status list', async () => {
    const first = (await (await call('/admin/v1/issue', { ...PERSON, alg: 'ES256' })).json()) as {
      certificateId: string;
      registrationId: string;
    };
    const reissued = await call(`/admin/v1/registrations/${first.registrationId}/certificates`, {
      alg: 'ES256',
    });
    expect(reissued.status).toBe(201);
    const second = ((await reissued.json()) as { certificateId: string }).certificateId;
    const history = (await (
      await call(`/admin/v1/registrations/${first.registrationId}/history`)
    ).json()) as { from: string; to: string; reason: string }[];
    expect(history.at(-1)).toMatchObject({
      from: 'active',
      to: 'active',
      reason: `reissued: ${second} supersedes ${first.certificateId}`,
    });

    const res = await call('/v1/status-lists/1');
    expect(res.status).toBe(200);
    const token = decodeStatusListToken(new Uint8Array(await res.arrayBuffer()));
    if (!token.ok) throw new Error(token.detail);
    expect(token.token.uri).toBe(`${BASE}/registry/v1/status-lists/1`);
    const entries = [...token.token.list.subarray(0, 3)].flatMap((b) => [b & 0x0f, b >> 4]);
    // issued in order: suspended (2), revoked or suspended, superseded (12), valid (0)
    expect(entries[0]).toBe(2);
    expect([1, 2]).toContain(entries[1]);
    expect(entries.slice(2, 4)).toEqual([12, 0]);
  });

  it('refuses a change from deleted with 409 registration-deleted and writes no history', async () => {
    const issued = (await (await call('/admin/v1/issue', { ...PERSON, alg: 'ES256' })).json()) as {
      certificateId: string;
      registrationId: string;
    };
    const path = `/admin/v1/certificates/${issued.certificateId}/status`;
    expect((await call(path, { status: 'deleted' })).status).toBe(200);
    const res = await call(path, { status: 'active' });
    expect(res.status).toBe(409);
    expect((await res.json()).type).toMatch(/\/registration-deleted$/);
    const history = (await (
      await call(`/admin/v1/registrations/${issued.registrationId}/history`)
    ).json()) as { to: string }[];
    expect(history.map((h) => h.to)).toEqual(['active', 'deleted']);
  });

  it('publishes a CRL from D1 and lists a revoked signer', async () => {
    expect((await call('/admin/v1/signers/D-000001/revoke', { reason: 'drill' })).status).toBe(200);
    const res = await call('/ca/root.crl');
    expect(res.headers.get('content-type')).toBe('application/pkix-crl');
    const { X509Crl } = await import('@peculiar/x509');
    const crl = new X509Crl(new Uint8Array(await res.arrayBuffer()));
    expect(crl.entries).toHaveLength(1);
  });

  it('answers 501 for a new signer where no key storage is configured', async () => {
    const res = await call('/admin/v1/signers', { alg: 'ES256' });
    expect(res.status).toBe(501);
    expect((await res.json()).type).toMatch(/\/not-implemented$/);
  });
});
