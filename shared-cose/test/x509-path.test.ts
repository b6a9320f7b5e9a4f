/**
 * validateSigner: RFC 5280 path validation, validity now and at the issue date, and roles,
 * on real certificates made in the test.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateSigner, type SignerValidationOptions } from '../src/x509/path';
import { ROLE_OIDS } from '../src/x509/roles';
import { createTrustStore, type SignerConfig } from '../src/x509/trust-store';
import { makeCa, makeLeaf, NOW, type Party } from './x509-pki';

const DAY = 86_400_000;
const KID = new TextEncoder().encode('D-000001');
const options: SignerValidationOptions = {
  now: NOW,
  role: 'credentialSigner',
  clockSkewSeconds: 0,
};

let root: Party;

beforeAll(async () => {
  root = await makeCa();
});

/** Resolves `leaf` through a store with `root` as its only anchor and checks it. */
async function validate(
  leaf: Party,
  extra: Partial<SignerValidationOptions> = {},
  config: { intermediates?: Party[]; pinned?: boolean; signerRole?: SignerConfig['role'] } = {},
) {
  const store = await createTrustStore({
    anchors: [root.pem],
    intermediates: (config.intermediates ?? []).map((p) => p.der),
    signers: [
      {
        kid: 'D-000001',
        certificate: leaf.der,
        pinned: config.pinned ?? false,
        ...(config.signerRole && { role: config.signerRole }),
      },
    ],
  });
  const found = await store.resolveSigner({ kid: KID, role: 'credentialSigner' });
  if (!found.ok) throw new Error(found.detail);
  return validateSigner(found.signer, { ...options, ...extra });
}

/** A chain signer that passes the store's time-independent checks but fails validateSigner. */
async function expectInvalid(
  leaf: Party,
  extra: Partial<SignerValidationOptions> = {},
  config = {},
) {
  const result = await validate(leaf, extra, config);
  expect(result).toMatchObject({ ok: false, code: 'signer_certificate_invalid' });
  return result.ok ? '' : result.detail;
}

describe('validateSigner: chain to a trust anchor', () => {
  it('accepts a credential signer issued by the anchor', async () => {
    const result = await validate(await makeLeaf(root));
    expect(result.ok).toBe(true);
    expect(result.ok && result.path.length).toBe(2);
  });

  it('accepts a signer under an intermediate configured in the store', async () => {
    const intermediate = await makeCa(root, { basicConstraints: { ca: true, pathLength: 0 } });
    const result = await validate(
      await makeLeaf(intermediate),
      {},
      { intermediates: [intermediate] },
    );
    expect(result.ok && result.path.length).toBe(3);
  });

  it('refuses a signer whose certificate expired before now', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      notAfter: new Date(NOW.getTime() - DAY),
    });
    expect(await expectInvalid(leaf)).toMatch(/expired at now/);
  });

  it('refuses a signer whose certificate is not yet valid now', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      notBefore: new Date(NOW.getTime() + DAY),
    });
    expect(await expectInvalid(leaf)).toMatch(/not yet valid at now/);
  });

  it('refuses a chain whose anchor has expired', async () => {
    const oldRoot = await makeCa(undefined, { notAfter: new Date(NOW.getTime() - DAY) });
    const store = await createTrustStore({ anchors: [oldRoot.der] });
    const leaf = await makeLeaf(oldRoot);
    await store.addSigner({ kid: 'D-000001', certificate: leaf.der });
    const found = await store.resolveSigner({ kid: KID, role: 'credentialSigner' });
    const result = found.ok && (await validateSigner(found.signer, options));
    expect(result).toMatchObject({ ok: false, code: 'signer_certificate_invalid' });
  });

  it('honours the clock skew at the edge of the validity period', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      notBefore: new Date(NOW.getTime() + 60_000),
    });
    expect((await validate(leaf, { clockSkewSeconds: 120 })).ok).toBe(true);
  });
});

describe('validateSigner: the credential issue date (ID)', () => {
  it('accepts an issue date inside the validity period', async () => {
    expect((await validate(await makeLeaf(root), { issueDate: '2026-05-01' })).ok).toBe(true);
  });

  it('refuses an issue date before the certificate existed', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      notBefore: new Date('2026-05-01T00:00:00Z'),
    });
    expect(await expectInvalid(leaf, { issueDate: '2026-04-01' })).toMatch(/the issue date/);
  });

  it('takes the issue date as the whole day in Japan time', async () => {
    // Valid from 09:00 JST on 1 May: the credential dated that day is covered.
    const leaf = await makeLeaf(root, 'credentialSigner', {
      notBefore: new Date('2026-05-01T00:00:00Z'),
    });
    expect((await validate(leaf, { issueDate: '2026/05/01' })).ok).toBe(true);
    expect(await expectInvalid(leaf, { issueDate: '2026-04-30' })).toMatch(/issue date/);
  });

  it('refuses an issue date after the certificate expired', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      notAfter: new Date('2027-01-01T00:00:00Z'),
    });
    expect(await expectInvalid(leaf, { issueDate: '2027-03-01' })).toMatch(
      /expired at the issue date/,
    );
  });

  it('refuses an issue date that is not a calendar date', async () => {
    expect(await expectInvalid(await makeLeaf(root), { issueDate: '2026-02-30' })).toMatch(
      /calendar date/,
    );
  });
});

describe('validateSigner: roles (extended key usage)', () => {
  it('refuses a status-list signer used to sign credentials', async () => {
    expect(await expectInvalid(await makeLeaf(root, 'statusListSigner'))).toMatch(/another role/);
  });

  it('refuses a certificate that holds two roles', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      ekus: [ROLE_OIDS.credentialSigner, ROLE_OIDS.verifier],
    });
    expect(await expectInvalid(leaf)).toMatch(/more than one role/);
  });

  it('refuses a chained certificate with no role of ours', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', { ekus: ['1.3.6.1.5.5.7.3.4'] });
    expect(await expectInvalid(leaf)).toMatch(/no credentialSigner role/);
  });

  it('accepts the same certificate for the role it holds', async () => {
    const leaf = await makeLeaf(root, 'statusListSigner');
    expect((await validate(leaf, { role: 'statusListSigner' })).ok).toBe(true);
  });
});

describe('validateSigner: certificate profile', () => {
  it('refuses a leaf whose key usage lacks digitalSignature', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      keyUsage: x509.KeyUsageFlags.keyEncipherment,
    });
    expect(await expectInvalid(leaf)).toMatch(/digitalSignature/);
  });

  it('refuses a CA certificate as the signer', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      basicConstraints: { ca: true },
      keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
    });
    expect(await expectInvalid(leaf)).toMatch(/is a CA certificate/);
  });

  it('refuses a signer with an unknown critical extension', async () => {
    const odd = new x509.Extension('1.3.6.1.4.1.55555.1', true, new Uint8Array([0x05, 0x00]));
    const leaf = await makeLeaf(root, 'credentialSigner', { extraExtensions: [odd] });
    expect(await expectInvalid(leaf, {}, { pinned: true })).toMatch(
      /unrecognised critical extension/,
    );
  });
});

describe('validateSigner: chains refused when the signer is added', () => {
  async function refusedAtAdd(leaf: Party, intermediates: Party[] = []) {
    const store = await createTrustStore({
      anchors: [root.der],
      intermediates: intermediates.map((p) => p.der),
    });
    await expect(store.addSigner({ kid: 'D-000009', certificate: leaf.der })).rejects.toThrow(
      /refused/,
    );
  }

  it('refuses a signer forged under the anchor name with another key', async () => {
    const impostor = await makeCa();
    await refusedAtAdd(
      await makeLeaf(root, 'credentialSigner', { signingKey: impostor.keys.privateKey }),
    );
  });

  it('refuses an intermediate without the CA bit', async () => {
    const notCa = await makeCa(root, {
      basicConstraints: { ca: false },
      keyUsage: x509.KeyUsageFlags.digitalSignature,
    });
    await refusedAtAdd(await makeLeaf(notCa), [notCa]);
  });

  it('refuses an intermediate whose key usage lacks keyCertSign', async () => {
    const ca = await makeCa(root, { keyUsage: x509.KeyUsageFlags.cRLSign });
    await refusedAtAdd(await makeLeaf(ca), [ca]);
  });

  it('refuses a path longer than an intermediate pathLenConstraint allows', async () => {
    const upper = await makeCa(root, { basicConstraints: { ca: true, pathLength: 0 } });
    const lower = await makeCa(upper, { name: 'CN=DQCV Lower CA, O=DQCV Test, C=JP' });
    await refusedAtAdd(await makeLeaf(lower), [upper, lower]);
  });

  it('refuses a CA whose basicConstraints is not critical', async () => {
    const ca = await makeCa(root, { basicConstraints: { ca: true, critical: false } });
    await refusedAtAdd(await makeLeaf(ca), [ca]);
  });

  it('refuses a signer whose issuer is unknown', async () => {
    const stranger = await makeCa(undefined, { name: 'CN=Someone Else, C=JP' });
    await refusedAtAdd(await makeLeaf(stranger));
  });
});

describe('validateSigner: pinned signers', () => {
  it('trusts a pinned signer without any anchor', async () => {
    const otherRoot = await makeCa(undefined, { name: 'CN=Unpublished Root, C=JP' });
    const result = await validate(await makeLeaf(otherRoot), {}, { pinned: true });
    expect(result.ok && result.path.length).toBe(1);
  });

  it('still refuses a pinned signer that has expired', async () => {
    const leaf = await makeLeaf(root, 'credentialSigner', {
      notAfter: new Date(NOW.getTime() - DAY),
    });
    expect(await expectInvalid(leaf, {}, { pinned: true })).toMatch(/expired/);
  });

  it('trusts a pinned foreign certificate without our roles for its configured role only', async () => {
    const foreign = await makeLeaf(root, 'credentialSigner', { ekus: null });
    expect((await validate(foreign, {}, { pinned: true })).ok).toBe(true);
    const asStatus = await validate(foreign, { role: 'statusListSigner' }, { pinned: true });
    expect(asStatus).toMatchObject({ ok: false, code: 'signer_certificate_invalid' });
  });

  it('still refuses a pinned certificate of another role of ours', async () => {
    const leaf = await makeLeaf(root, 'verifier');
    expect(await expectInvalid(leaf, {}, { pinned: true })).toMatch(/another role/);
  });
});

describe('validateSigner: other key types', () => {
  it('validates a chain signed with RSASSA-PSS (SHA-256, salt 32)', async () => {
    const rsaRoot = await makeCa(undefined, { kind: 'PS256', name: 'CN=PSS Root, C=JP' });
    const store = await createTrustStore({ anchors: [rsaRoot.der] });
    await store.addSigner({ kid: 'D-000001', certificate: (await makeLeaf(rsaRoot)).der });
    const found = await store.resolveSigner({ kid: KID, role: 'credentialSigner' });
    expect(found.ok && (await validateSigner(found.signer, options)).ok).toBe(true);
  });

  it('validates a chain signed with RSA PKCS #1 v1.5 and with Ed25519', async () => {
    for (const kind of ['RS256', 'Ed25519'] as const) {
      const other = await makeCa(undefined, { kind, name: `CN=${kind} Root, C=JP` });
      const store = await createTrustStore({ anchors: [other.der] });
      await store.addSigner({ kid: 'D-000001', certificate: (await makeLeaf(other)).der });
      const found = await store.resolveSigner({ kid: KID, role: 'credentialSigner' });
      expect(found.ok && (await validateSigner(found.signer, options)).ok).toBe(true);
    }
  });
});
