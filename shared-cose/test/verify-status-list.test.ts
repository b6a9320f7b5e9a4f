/**
 * The pipeline with the signed Token Status List as its status source (status/), end to end:
 * the credential's ST reference, a list token signed by a status-list signer of the same CA.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import { createStatusListSource } from '../src/status/source';
import { signStatusListToken } from '../src/status/token';
import { verifyCredential, type VerifyContext } from '../src/verify';
import { createTrustStore } from '../src/x509/trust-store';
import { BASE, RECORD, context, issue } from './verify-fixtures';
import { makeRoot, makeSigner, type TestCa, type TestSigner } from './verify-pki';

const URI = `${BASE}/registry/v1/status-lists/1`;
let ca: TestCa;
let es: TestSigner;
let lister: TestSigner;
let base: VerifyContext;

beforeAll(async () => {
  ca = await makeRoot();
  es = await makeSigner(ca, 'ES256');
  lister = await makeSigner(ca, 'ES256', { serial: '3003', role: 'statusListSigner' });
  base = await context(ca, [{ kid: 'D-000002', certificate: es.der }]);
});

/** A context whose status comes from a list in which entry 5 has `value`. */
async function withList(value: number): Promise<VerifyContext> {
  const statuses = new Array(16).fill(0);
  statuses[5] = value;
  const iat = Math.floor(Date.now() / 1000) - 60;
  const token = await signStatusListToken(
    { uri: URI, iat, exp: iat + 3600, ttl: 600, bits: 4, statuses },
    { alg: 'ES256', sign: lister.sign, certificate: lister.der },
  );
  const status = createStatusListSource({
    fetchList: async () => ({ ok: true, bytes: token, fetchedAt: new Date() }),
    trust: await createTrustStore({ anchors: [ca.der] }),
    crypto: createWebCryptoBackend(),
    now: () => new Date(),
    maxAgeSeconds: 3600,
    allowedUris: [`${BASE}/registry/v1/status-lists/`],
  });
  return { ...base, status };
}

const record = { ...RECORD, statusList: { idx: 5, uri: URI } };

describe('verifyCredential with a status list', () => {
  it('finds a credential whose entry is 0 valid, with the status from the list', async () => {
    const v = await verifyCredential(await issue(es, 'D-000002', { record }), await withList(0));
    expect(v.result).toBe('valid');
    expect(v.status?.source).toBe('status_list');
    expect(v.credential?.statusList).toEqual({ idx: 5, uri: URI });
  });

  it('refuses an entry of 2 as qualification_suspended', async () => {
    const v = await verifyCredential(await issue(es, 'D-000002', { record }), await withList(2));
    expect(v.reasons.map((r) => r.code)).toEqual(['qualification_suspended']);
  });

  it('refuses an entry of 12 as certificate_superseded', async () => {
    const v = await verifyCredential(await issue(es, 'D-000002', { record }), await withList(12));
    expect(v.reasons.map((r) => r.code)).toEqual(['certificate_superseded']);
  });
});
