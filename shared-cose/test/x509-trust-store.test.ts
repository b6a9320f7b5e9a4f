/**
 * The trust store: finding a signer by kid or from an x5chain, configured trust (chain or
 * pinned), refreshing the signer list, and the certificate cache behind it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../src/x509/certificate';
import { validateSigner } from '../src/x509/path';
import { createTrustStore, TrustStoreError } from '../src/x509/trust-store';
import { makeCa, makeLeaf, NOW, type Party } from './x509-pki';

const kid = (text: string) => new TextEncoder().encode(text);
const now = { now: NOW, role: 'credentialSigner' as const, clockSkewSeconds: 0 };

let root: Party;
let leaf: Party;

beforeAll(async () => {
  root = await makeCa();
  leaf = await makeLeaf(root);
});

describe('createTrustStore', () => {
  it('resolves a configured signer by its kid, with the details the verdict shows', async () => {
    const store = await createTrustStore({
      anchors: [root.pem],
      signers: [{ kid: 'D-000001', certificate: leaf.pem }],
    });
    const found = await store.resolveSigner({ kid: kid('D-000001'), role: 'credentialSigner' });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.signer.trust).toBe('chain');
    expect(found.signer.info).toEqual({
      kid: 'D-000001',
      subject: leaf.cert.subject,
      issuer: root.cert.subject,
      serialNumber: leaf.cert.serialNumber.toLowerCase(),
      notBefore: leaf.cert.notBefore.toISOString(),
      notAfter: leaf.cert.notAfter.toISOString(),
      trust: 'chain',
    });
  });

  it('gives unknown_signer for a kid that no signer has', async () => {
    const store = await createTrustStore({
      anchors: [root.der],
      signers: [{ kid: 'D-000001', certificate: leaf.der }],
    });
    expect(
      await store.resolveSigner({ kid: kid('D-000002'), role: 'credentialSigner' }),
    ).toMatchObject({
      ok: false,
      code: 'unknown_signer',
    });
  });

  it('gives unknown_signer when the credential names no signer', async () => {
    const store = await createTrustStore({ anchors: [root.der] });
    expect(await store.resolveSigner({ role: 'credentialSigner' })).toMatchObject({
      code: 'unknown_signer',
    });
  });

  it('gives unknown_signer for a kid of non-printable bytes', async () => {
    const store = await createTrustStore({
      anchors: [root.der],
      signers: [{ kid: 'D-000001', certificate: leaf.der }],
    });
    const found = await store.resolveSigner({
      kid: Uint8Array.of(0, 0xff),
      role: 'credentialSigner',
    });
    expect(found).toMatchObject({ code: 'unknown_signer' });
  });

  it('hands out the same SPKI array on every resolution (backends cache keys by it)', async () => {
    const store = await createTrustStore({
      anchors: [root.der],
      signers: [{ kid: 'D-000001', certificate: leaf.der }],
    });
    const a = await store.resolveSigner({ kid: kid('D-000001'), role: 'credentialSigner' });
    const b = await store.resolveSigner({ kid: kid('D-000001'), role: 'credentialSigner' });
    expect(a.ok && b.ok && a.signer.spki === b.signer.spki).toBe(true);
  });

  it('refuses a signer that does not chain to an anchor unless it is pinned', async () => {
    const stranger = await makeLeaf(await makeCa(undefined, { name: 'CN=Stranger, C=JP' }));
    await expect(
      createTrustStore({
        anchors: [root.der],
        signers: [{ kid: 'D-000003', certificate: stranger.der }],
      }),
    ).rejects.toThrow(TrustStoreError);
    const store = await createTrustStore({
      anchors: [root.der],
      signers: [{ kid: 'D-000003', certificate: stranger.der, pinned: true }],
    });
    const found = await store.resolveSigner({ kid: kid('D-000003'), role: 'credentialSigner' });
    expect(found.ok && found.signer.info.trust).toBe('pinned');
  });

  it('refuses text that is not a certificate, as a configuration error', async () => {
    await expect(createTrustStore({ anchors: ['not a certificate'] })).rejects.toThrow(
      TrustStoreError,
    );
  });

  it('refuses an anchor that is not a CA certificate', async () => {
    await expect(createTrustStore({ anchors: [leaf.der] })).rejects.toThrow(/trust anchor refused/);
  });

  it('throws on misuse: anchors missing', async () => {
    await expect(createTrustStore({} as never)).rejects.toThrow(TypeError);
  });
});

describe('TrustStore.replaceSigners and addSigner', () => {
  it('replaces the signer list with a refreshed one', async () => {
    const store = await createTrustStore({
      anchors: [root.der],
      signers: [{ kid: 'D-000001', certificate: leaf.der }],
    });
    const next = await makeLeaf(root);
    await store.replaceSigners([{ kid: 'D-000002', certificate: next.der }]);
    expect(store.kids()).toEqual(['D-000002']);
    expect(
      await store.resolveSigner({ kid: kid('D-000001'), role: 'credentialSigner' }),
    ).toMatchObject({
      code: 'unknown_signer',
    });
  });

  it('keeps the old list when one refreshed signer cannot be trusted', async () => {
    const store = await createTrustStore({
      anchors: [root.der],
      signers: [{ kid: 'D-000001', certificate: leaf.der }],
    });
    const stranger = await makeLeaf(await makeCa(undefined, { name: 'CN=Stranger, C=JP' }));
    await expect(
      store.replaceSigners([
        { kid: 'D-000002', certificate: (await makeLeaf(root)).der },
        { kid: 'D-000003', certificate: stranger.der },
      ]),
    ).rejects.toThrow(TrustStoreError);
    expect(store.kids()).toEqual(['D-000001']);
  });

  it('adds a rotated signer beside the old one', async () => {
    const store = await createTrustStore({
      anchors: [root.der],
      signers: [{ kid: 'D-000001', certificate: leaf.der }],
    });
    await store.addSigner({ kid: 'D-000002', certificate: (await makeLeaf(root)).pem });
    expect(store.kids().sort()).toEqual(['D-000001', 'D-000002']);
  });
});

describe('TrustStore.resolveSigner with an x5chain', () => {
  it('takes the leaf of the x5chain and validates it through the intermediate it carries', async () => {
    const intermediate = await makeCa(root);
    const chained = await makeLeaf(intermediate);
    const store = await createTrustStore({ anchors: [root.der] });
    const found = await store.resolveSigner({
      x5chain: [chained.der, intermediate.der],
      role: 'credentialSigner',
    });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.signer.trust).toBe('chain');
    expect(found.signer.kid).toBe('');
    expect((await validateSigner(found.signer, now)).ok).toBe(true);
  });

  it('resolves an x5chain whose leaf chains nowhere, which validation then refuses', async () => {
    const selfMade = await makeLeaf(await makeCa(undefined, { name: 'CN=Self Made, C=JP' }));
    const store = await createTrustStore({ anchors: [root.der] });
    const found = await store.resolveSigner({ x5chain: [selfMade.der], role: 'credentialSigner' });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(await validateSigner(found.signer, now)).toMatchObject({
      ok: false,
      code: 'signer_certificate_invalid',
    });
  });

  it('gives unknown_signer for an x5chain entry that is not a certificate', async () => {
    const store = await createTrustStore({ anchors: [root.der] });
    const found = await store.resolveSigner({
      x5chain: [Uint8Array.of(0x30, 0x80, 0x00)],
      role: 'credentialSigner',
    });
    expect(found).toMatchObject({ ok: false, code: 'unknown_signer' });
  });

  it('gives unknown_signer for an x5chain longer than the limit', async () => {
    const store = await createTrustStore({ anchors: [root.der] });
    const found = await store.resolveSigner({
      x5chain: Array(7).fill(leaf.der),
      role: 'credentialSigner',
    });
    expect(found).toMatchObject({ ok: false, code: 'unknown_signer' });
  });

  it('keeps the configured trust of a pinned signer that also sends itself in x5chain', async () => {
    const store = await createTrustStore({
      anchors: [root.der],
      signers: [{ kid: 'D-000001', certificate: leaf.der, pinned: true }],
    });
    const found = await store.resolveSigner({
      kid: kid('D-000001'),
      x5chain: [leaf.der],
      role: 'credentialSigner',
    });
    expect(found.ok && found.signer.trust).toBe('pinned');
  });
});

describe('parseCertificate', () => {
  it('parses the same DER once and returns the same object', async () => {
    const a = await parseCertificate(leaf.der);
    const b = await parseCertificate(leaf.pem);
    expect(a).toBe(b);
  });

  it('reads the role EKU under its UUID arc exactly', async () => {
    const parsed = await parseCertificate(leaf.der);
    expect(parsed.extendedKeyUsage).toEqual(['2.25.145444660592322183718116230663769507353.1.1']);
  });
});
