/**
 * The synchronous fast path: once a signer's time-independent checks and a CRL have settled,
 * and a source answers from its cache without a promise, the CRL check and the signer
 * validation answer at once — with the same results, times still compared on every call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrlFetch, CrlSource } from '../src/types';
import { checkRevocation, checkRevocationNow } from '../src/x509/crl';
import { validateSigner, validateSignerNow } from '../src/x509/path';
import type { ResolvedSigner } from '../src/x509/signer';
import { createTrustStore } from '../src/x509/trust-store';
import { makeCa, makeCrl, makeLeaf, NOW, type Party } from './x509-pki';

const DAY = 86_400_000;
const KID = new TextEncoder().encode('D-000001');
const OPTIONS = { role: 'credentialSigner', clockSkewSeconds: 0 } as const;

let root: Party;
let signer: ResolvedSigner;
let crlDer: Uint8Array;

beforeAll(async () => {
  root = await makeCa();
  const leaf = await makeLeaf(root);
  const store = await createTrustStore({
    anchors: [root.der],
    signers: [{ kid: 'D-000001', certificate: leaf.der }],
  });
  const found = store.resolveSigner({ kid: KID, role: 'credentialSigner' });
  if (found instanceof Promise) throw new Error('a kid lookup should answer at once');
  if (!found.ok) throw new Error(found.detail);
  signer = found.signer;
  crlDer = await makeCrl(root);
});

/** A CrlSource answering without a promise, as a host's warm cache may. */
function syncSource(answer: CrlFetch): CrlSource {
  return { getCrl: () => answer };
}

describe('resolveSigner', () => {
  it('answers an unknown kid at once with unknown_signer', async () => {
    const store = await createTrustStore({ anchors: [root.der] });
    const found = store.resolveSigner({ kid: KID, role: 'credentialSigner' });
    expect(found).not.toBeInstanceOf(Promise);
    expect(found).toMatchObject({ ok: false, code: 'unknown_signer' });
  });
});

describe('validateSignerNow', () => {
  it('answers synchronously once the signer has been validated', async () => {
    await validateSigner(signer, { ...OPTIONS, now: NOW });
    const result = validateSignerNow(signer, { ...OPTIONS, now: NOW });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ ok: true, path: expect.any(Array) });
  });

  it('still checks the time on the synchronous path', async () => {
    await validateSigner(signer, { ...OPTIONS, now: NOW });
    const later = new Date(NOW.getTime() + 20 * 365 * DAY);
    const result = validateSignerNow(signer, { ...OPTIONS, now: later });
    expect(result).toMatchObject({ ok: false, code: 'signer_certificate_invalid' });
    expect(JSON.stringify(result)).toMatch(/expired at now/);
  });

  it('still checks the issue date on the synchronous path', async () => {
    await validateSigner(signer, { ...OPTIONS, now: NOW });
    const result = validateSignerNow(signer, { ...OPTIONS, now: NOW, issueDate: '1999-01-01' });
    expect(result).toMatchObject({ ok: false, code: 'signer_certificate_invalid' });
    expect(JSON.stringify(result)).toMatch(/not yet valid at the issue date/);
  });

  it('refuses a signer for another role at once', () => {
    const result = validateSignerNow(signer, { ...OPTIONS, role: 'statusListSigner', now: NOW });
    expect(result).toMatchObject({ ok: false, code: 'signer_certificate_invalid' });
  });
});

describe('checkRevocationNow', () => {
  it('answers a warm check from a synchronous source without a promise', async () => {
    const source = syncSource({ ok: true, der: crlDer, fetchedAt: NOW });
    expect(await checkRevocation(signer, source, NOW)).toMatchObject({ status: 'pass' });
    const result = checkRevocationNow(signer, source, NOW);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toMatchObject({ status: 'pass' });
  });

  it('still finds the CRL stale on the synchronous path', async () => {
    const source = syncSource({ ok: true, der: crlDer, fetchedAt: NOW });
    await checkRevocation(signer, source, NOW);
    const result = checkRevocationNow(signer, source, new Date(NOW.getTime() + 365 * DAY));
    expect(result).toMatchObject({ status: 'unknown', code: 'crl_stale' });
  });

  it('turns a source that throws synchronously into crl_unavailable', () => {
    const source: CrlSource = {
      getCrl: () => {
        throw new Error('down');
      },
    };
    return expect(checkRevocation(signer, source, NOW)).resolves.toMatchObject({
      status: 'unknown',
      code: 'crl_unavailable',
    });
  });

  it('turns a synchronous failure answer into crl_unavailable', async () => {
    const source = syncSource({ ok: false, detail: 'no route' });
    expect(await checkRevocation(signer, source, NOW)).toMatchObject({
      status: 'unknown',
      code: 'crl_unavailable',
    });
  });
});
