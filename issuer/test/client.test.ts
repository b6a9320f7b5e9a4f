import 'reflect-metadata';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { STATUS_VALUES, decodeStatusListToken, readStatusBits } from '@dqcv/shared-cose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, RegistryError, RegistryUnreachableError } from '../src/client';
import { startRegistry, type LiveRegistry } from './support/live-registry';

const HOLDER = {
  qualificationName: '見本技能士',
  holderName: '山田 太郎',
  birthDate: '1985-11-23',
};

let live: LiveRegistry;
let registry: RegistryClient;

beforeAll(async () => {
  live = await startRegistry();
  registry = new RegistryClient({ server: live.url, adminToken: live.adminToken });
});

afterAll(async () => {
  await live?.stop();
});

describe('RegistryClient against a live registry', () => {
  it('issues and reads back a certificate with typed members', async () => {
    const issued = await registry.issue({ ...HOLDER, alg: 'ES256' });
    const details = await registry.certificate(issued.certificateId);

    expect(details).toMatchObject({
      certificateId: issued.certificateId,
      registrationId: issued.registrationId,
      url: issued.url,
      kid: issued.kid,
      alg: 'ES256',
    });
  });

  it('turns a 404 problem into a RegistryError with the problem type as code', async () => {
    const error = await registry.certificate('no-such-certificate').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(404);
    expect((error as RegistryError).code).toBe('certificate-unknown');
    expect((error as RegistryError).message).toMatch(/^registry refused the request \(404/);
  });

  it('turns a validation problem into a readable RegistryError (400)', async () => {
    const error = await registry
      .issue({ ...HOLDER, birthDate: '23/11/1985' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).status).toBe(400);
  });

  it('reports a refused token as 401', async () => {
    const stranger = new RegistryClient({ server: live.url, adminToken: 'not-the-token' });
    const error = await stranger.issue(HOLDER).catch((e: unknown) => e);

    expect((error as RegistryError).status).toBe(401);
  });

  it('reports an unreachable server as RegistryUnreachableError', async () => {
    const nowhere = new RegistryClient({ server: 'http://127.0.0.1:9', adminToken: 'x' });

    await expect(nowhere.issue(HOLDER)).rejects.toBeInstanceOf(RegistryUnreachableError);
  });

  it('keeps both of two status changes sent at the same moment in the history', async () => {
    const { certificateId, registrationId } = await registry.issue(HOLDER);
    await Promise.all([
      registry.setStatus(certificateId, 'suspended', 'first'),
      registry.setStatus(certificateId, 'revoked', 'second'),
    ]);
    const reasons = (await registry.history(registrationId)).map((e) => e.reason);

    expect(reasons).toEqual(expect.arrayContaining(['first', 'second']));
  });

  it('adds a signer and, once it is revoked, finds it on the published CRL', async () => {
    const added = await registry.addSigner('ES256');
    await registry.revokeSigner(added.kid, 'test');
    const response = await fetch(`${live.url}/registry/ca/root.crl`);
    const crl = new X509Crl(new Uint8Array(await response.arrayBuffer()));
    const serial = new X509Certificate(added.certificate).serialNumber;

    expect(added.kid).toMatch(/^D-\d{6}$/);
    expect(response.headers.get('content-type')).toContain('application/pkix-crl');
    expect(crl.entries.map((e) => e.serialNumber)).toContain(serial);
  });

  it('is answered by the signed status list too: a suspension shows as entry value 2', async () => {
    const { certificateId } = await registry.issue(HOLDER);
    await registry.setStatus(certificateId, 'suspended');
    const { record } = await registry.certificate(certificateId);
    const { idx, uri } = record.statusList as { idx: number; uri: string };
    const response = await fetch(uri);
    const decoded = decodeStatusListToken(new Uint8Array(await response.arrayBuffer()));
    if (!decoded.ok) throw new Error(decoded.detail);

    expect(response.headers.get('content-type')).toContain('application/statuslist+cwt');
    expect(readStatusBits(decoded.token.list, idx, 4)).toBe(STATUS_VALUES.suspended);
  });

  it('throws at once on an id that is not a non-empty string (a caller error)', async () => {
    await expect(registry.certificate('')).rejects.toThrow(TypeError);
  });

  it('throws at once on a server that is not an http(s) URL', () => {
    expect(() => new RegistryClient({ server: 'ftp://example' })).toThrow(TypeError);
  });
});
