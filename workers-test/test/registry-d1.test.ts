/**
 * The registry Worker on D1 (schema from `wrangler d1 migrations apply --local`), its CA keys
 * and admin token from secrets: issue, change status, answer status, publish CRL, status list
 * and trust list.
 */
import 'reflect-metadata';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { decodeStatusListToken, readStatusBits, statusOfValue } from '@dqcv/shared-cose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REGISTRY_URL, VERIFIER_URL } from '../support/context';
import { startDeployment, type Deployment } from '../support/deployment';
import { registryAdmin, type Issued } from '../support/registry-client';

const ctx = inject('dqcvWorkers');

describe('registry Worker on D1', () => {
  let d: Deployment;
  let admin: ReturnType<typeof registryAdmin>;
  let issued: Issued;

  beforeAll(async () => {
    d = await startDeployment(ctx, [
      { name: 'verifier-misconfigured', config: { algorithms: [] } },
    ]);
    admin = registryAdmin(d, ctx);
    issued = await admin.issue();
  });

  afterAll(async () => {
    await d?.close();
  });

  it('issues a credential whose URL points at the verifier Worker', () => {
    expect(issued.url.startsWith(`${VERIFIER_URL}/w/?c=`)).toBe(true);
    expect(issued.kid).toBe('D-000001');
    expect(issued.alg).toBe('PS256');
  });

  it('answers a certificate status with nothing personal in it', async () => {
    const res = await d.fetch(
      'registry',
      `/registry/v1/certificates/${issued.certificateId}/status`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['certificateId', 'status', 'updatedAt']);
    expect(body.status).toBe('valid');
  });

  it('records a status change in D1 and answers it, with the history', async () => {
    const other = await admin.issue();
    await admin.setStatus(other.certificateId, 'suspended', 'under review');
    const res = await d.fetch(
      'registry',
      `/registry/v1/certificates/${other.certificateId}/status`,
    );
    expect(((await res.json()) as { status: string }).status).toBe('suspended');

    const history = await admin.get(
      `/registry/admin/v1/registrations/${other.registrationId}/history`,
    );
    const entries = (await history.json()) as { from: string; to: string; reason: string }[];
    expect(entries.at(-1)).toMatchObject({
      from: 'active',
      to: 'suspended',
      reason: 'under review',
    });
  });

  it('answers 404 certificate-unknown for an id it never issued', async () => {
    const res = await d.fetch('registry', '/registry/v1/certificates/999999999/status');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { type: string }).type).toMatch(/\/certificate-unknown$/);
  });

  it('refuses the admin API without the bearer token from the secret', async () => {
    const res = await d.fetch('registry', '/registry/admin/v1/issue', {
      method: 'POST',
      headers: { authorization: 'Bearer not-the-token', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('publishes a CRL signed by the root from its secret, listing a revoked signer', async () => {
    await admin.revokeSigner('D-000002');
    const res = await d.fetch('registry', '/registry/ca/root.crl');
    expect(res.headers.get('content-type')).toBe('application/pkix-crl');
    const crl = new X509Crl(new Uint8Array(await res.arrayBuffer()));
    const root = new X509Certificate(ctx.rootCertificatePem);
    expect(await crl.verify({ publicKey: root.publicKey })).toBe(true);
    const signer = new X509Certificate(
      ctx.signers.find((s) => s.kid === 'D-000002')!.certificatePem,
    );
    expect(crl.findRevoked(signer)).not.toBeNull();
  });

  it('publishes a signed status list holding the suspended entry', async () => {
    const held = await admin.issue();
    await admin.setStatus(held.certificateId, 'suspended');
    const record = (await (
      await admin.get(`/registry/admin/v1/certificates/${held.certificateId}`)
    ).json()) as { record: { statusList: { idx: number; uri: string } } };
    const ref = record.record.statusList;
    expect(ref.uri.startsWith(`${REGISTRY_URL}/registry/v1/status-lists/`)).toBe(true);

    const res = await d.fetch('registry', new URL(ref.uri).pathname);
    expect(res.headers.get('content-type')).toBe('application/statuslist+cwt');
    const decoded = decodeStatusListToken(new Uint8Array(await res.arrayBuffer()));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.token.uri).toBe(ref.uri);
    expect(statusOfValue(readStatusBits(decoded.token.list, ref.idx, 4) ?? -1)).toBe('suspended');
  });

  it('lists the signers of its secrets in the trust list', async () => {
    const res = await d.fetch('registry', '/registry/v1/trust-list');
    const list = (await res.json()) as { signers: { kid: string }[]; anchors: string[] };
    expect(list.signers.map((s) => s.kid)).toEqual(['D-000001', 'D-000002']);
    expect(list.anchors).toHaveLength(1);
  });

  it('answers 501 to adding a signer: a Worker has nowhere to keep a new key', async () => {
    const res = await admin.post('/registry/admin/v1/signers', { alg: 'ES256' });
    expect(res.status).toBe(501);
    expect(((await res.json()) as { type: string }).type).toMatch(/\/not-implemented$/);
  });

  it('answers 503 with a problem document when a Worker is misconfigured', async () => {
    const res = await d.fetch('verifier-misconfigured', '/healthz');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { type: string }).type).toMatch(/\/not-configured$/);
  });
});
