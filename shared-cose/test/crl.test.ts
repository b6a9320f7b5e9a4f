/**
 * checkRevocation: the signer certificate against its CA's CRL, with real CRLs made in the
 * test. The four cases of issue 2 come first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrlFetch, CrlSource } from '../src/types';
import { checkRevocation } from '../src/x509/crl';
import type { ResolvedSigner } from '../src/x509/signer';
import { createTrustStore } from '../src/x509/trust-store';
import { generateKeys, makeCa, makeCrl, makeLeaf, NOW, type Party } from './x509-pki';

const DAY = 86_400_000;
const KID = new TextEncoder().encode('D-000001');

let root: Party;
let leaf: Party;
let signer: ResolvedSigner;

beforeAll(async () => {
  root = await makeCa();
  leaf = await makeLeaf(root);
  signer = await resolve(root, leaf);
});

async function resolve(anchor: Party, cert: Party, pinned = false): Promise<ResolvedSigner> {
  const store = await createTrustStore({
    anchors: [anchor.der],
    signers: [{ kid: 'D-000001', certificate: cert.der, pinned }],
  });
  const found = await store.resolveSigner({ kid: KID, role: 'credentialSigner' });
  if (!found.ok) throw new Error(found.detail);
  return found.signer;
}

/** A CrlSource that answers with one CRL and records what it was asked. */
function source(
  der: Uint8Array | CrlFetch,
): CrlSource & { asked: { subject: string; spkiSha256: string }[] } {
  const asked: { subject: string; spkiSha256: string }[] = [];
  return {
    asked,
    async getCrl(ca) {
      asked.push(ca);
      return der instanceof Uint8Array ? { ok: true, der, fetchedAt: NOW } : der;
    },
  };
}

describe('checkRevocation: the cases of issue 2', () => {
  it('passes with a current CRL that has no revoked entries', async () => {
    const result = await checkRevocation(signer, source(await makeCrl(root)), NOW);
    expect(result.status).toBe('pass');
  });

  it('fails signer_certificate_revoked with a CRL past nextUpdate that lists the signer', async () => {
    const crl = await makeCrl(root, {
      revoked: [leaf],
      thisUpdate: new Date(NOW.getTime() - 10 * DAY),
      nextUpdate: new Date(NOW.getTime() - 3 * DAY),
    });
    expect(await checkRevocation(signer, source(crl), NOW)).toMatchObject({
      status: 'fail',
      code: 'signer_certificate_revoked',
    });
  });

  it('is unknown crl_stale with the same stale CRL not listing the signer', async () => {
    const crl = await makeCrl(root, {
      thisUpdate: new Date(NOW.getTime() - 10 * DAY),
      nextUpdate: new Date(NOW.getTime() - 3 * DAY),
    });
    expect(await checkRevocation(signer, source(crl), NOW)).toMatchObject({
      status: 'unknown',
      code: 'crl_stale',
    });
  });

  it('is unknown crl_unavailable with a CRL signed by another key', async () => {
    const other = await generateKeys('ES256');
    const crl = await makeCrl(root, { revoked: [leaf], signingKey: other.privateKey });
    expect(await checkRevocation(signer, source(crl), NOW)).toMatchObject({
      status: 'unknown',
      code: 'crl_unavailable',
      detail: expect.stringMatching(/signature does not verify/),
    });
  });
});

describe('checkRevocation: revocation', () => {
  it('fails signer_certificate_revoked with a current CRL that lists the signer', async () => {
    const other = await makeLeaf(root);
    const crl = await makeCrl(root, { revoked: [other, leaf] });
    const result = await checkRevocation(signer, source(crl), NOW);
    expect(result).toMatchObject({ status: 'fail', code: 'signer_certificate_revoked' });
    expect(result.detail).toContain(leaf.cert.serialNumber.toLowerCase().replace(/^(00)+/, ''));
  });

  it('passes when the CRL lists other certificates only', async () => {
    const crl = await makeCrl(root, { revoked: [await makeLeaf(root)] });
    expect((await checkRevocation(signer, source(crl), NOW)).status).toBe('pass');
  });

  it('asks the source for the issuing CA by subject and SPKI digest', async () => {
    const src = source(await makeCrl(root));
    await checkRevocation(signer, src, NOW);
    expect(src.asked).toEqual([
      { subject: root.cert.subject, spkiSha256: signer.anchors[0]!.spkiSha256 },
    ]);
  });

  it('accepts a nextUpdate that passed within the clock skew', async () => {
    const crl = await makeCrl(root, { nextUpdate: new Date(NOW.getTime() - 60_000) });
    const result = await checkRevocation(signer, source(crl), NOW, { clockSkewSeconds: 300 });
    expect(result.status).toBe('pass');
  });
});

describe('checkRevocation: CRLs that cannot be used', () => {
  it('is crl_unavailable when the source has no CRL', async () => {
    const result = await checkRevocation(signer, source({ ok: false, detail: 'timeout' }), NOW);
    expect(result).toMatchObject({ status: 'unknown', code: 'crl_unavailable' });
  });

  it('is crl_unavailable when the source throws', async () => {
    const failing: CrlSource = {
      getCrl: () => Promise.reject(new Error('network down')),
    };
    expect(await checkRevocation(signer, failing, NOW)).toMatchObject({ code: 'crl_unavailable' });
  });

  it('is crl_unavailable for bytes that are not a CRL', async () => {
    const result = await checkRevocation(
      signer,
      source(Uint8Array.of(0x30, 0x03, 0x02, 0x01)),
      NOW,
    );
    expect(result).toMatchObject({ status: 'unknown', code: 'crl_unavailable' });
  });

  it("is crl_unavailable for a CRL issued under another name with the CA's key", async () => {
    const crl = await makeCrl(root, { issuerName: 'CN=Not The Root, C=JP' });
    expect(await checkRevocation(signer, source(crl), NOW)).toMatchObject({
      code: 'crl_unavailable',
      detail: expect.stringMatching(/another name/),
    });
  });

  it('is crl_unavailable for a CRL whose thisUpdate is in the future', async () => {
    const crl = await makeCrl(root, {
      thisUpdate: new Date(NOW.getTime() + DAY),
      nextUpdate: new Date(NOW.getTime() + 7 * DAY),
    });
    expect(await checkRevocation(signer, source(crl), NOW)).toMatchObject({
      code: 'crl_unavailable',
    });
  });

  it('is crl_stale for a CRL without nextUpdate', async () => {
    const crl = await makeCrl(root, { nextUpdate: null });
    expect(await checkRevocation(signer, source(crl), NOW)).toMatchObject({ code: 'crl_stale' });
  });

  it("is crl_unavailable when the CA's key usage does not allow CRL signing", async () => {
    const ca = await makeCa(undefined, {
      name: 'CN=No CRL Root, C=JP',
      keyUsage: 32 /* keyCertSign */,
    });
    const cert = await makeLeaf(ca);
    const result = await checkRevocation(await resolve(ca, cert), source(await makeCrl(ca)), NOW);
    expect(result).toMatchObject({
      status: 'unknown',
      code: 'crl_unavailable',
      detail: expect.stringMatching(/CRL signing/),
    });
  });
});

describe('checkRevocation: pinned signers', () => {
  it('is skipped for a pinned signer whose CA is not known', async () => {
    const unpublished = await makeCa(undefined, { name: 'CN=Unpublished, C=JP' });
    const pinned = await resolve(root, await makeLeaf(unpublished), true);
    const src = source(await makeCrl(unpublished));
    expect((await checkRevocation(pinned, src, NOW)).status).toBe('skipped');
    expect(src.asked).toEqual([]);
  });

  it('checks a pinned signer against the CRL of a known CA', async () => {
    const pinned = await resolve(root, leaf, true);
    const crl = await makeCrl(root, { revoked: [leaf] });
    expect(await checkRevocation(pinned, source(crl), NOW)).toMatchObject({
      code: 'signer_certificate_revoked',
    });
  });
});
