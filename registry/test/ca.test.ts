/**
 * The certification authority over real HTTP: the root, the CRL (parsed and verified with
 * @peculiar/x509), signer revocation and rotation, CRL renewal before nextUpdate.
 */
import 'reflect-metadata';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, ROLE_OIDS } from '@dqcv/shared-cose';
import { admin, issue, removeDir, startRegistry, tempDir, type RunningRegistry } from './helpers';

interface TrustList {
  anchors: string[];
  signers: { kid: string; alg: string; certificate: string }[];
  statusListSigners: string[];
  crls: { issuer: string; url: string }[];
  issuedAt: string;
}

let r: RunningRegistry;
let root: X509Certificate;

beforeAll(async () => {
  r = await startRegistry(await tempDir());
  root = new X509Certificate(await (await fetch(`${r.base}/registry/ca/root.pem`)).text());
});

afterAll(async () => {
  await r.stop();
  await removeDir(r.dataDir);
});

const trustList = async () =>
  (await (await fetch(`${r.base}/registry/v1/trust-list`)).json()) as TrustList;

async function fetchCrl(): Promise<{ crl: X509Crl; contentType: string | null }> {
  const res = await fetch(`${r.base}/registry/ca/root.crl`);
  expect(res.status).toBe(200);
  return {
    crl: new X509Crl(new Uint8Array(await res.arrayBuffer())),
    contentType: res.headers.get('content-type'),
  };
}

const crlNumber = (crl: X509Crl) => {
  const ext = crl.extensions.find((e) => e.type === '2.5.29.20')!;
  const value = new Uint8Array(ext.value);
  return value.slice(2).reduce((n, b) => n * 256 + b, 0);
};

describe('the root and the trust list', () => {
  it('publishes a CA root that signs certificates and CRLs only', async () => {
    const parsed = await parseCertificate(new Uint8Array(root.rawData));
    expect(parsed.basicConstraints?.ca).toBe(true);
    expect([...(parsed.keyUsage ?? [])].sort()).toEqual(['cRLSign', 'keyCertSign']);
    expect(parsed.extendedKeyUsage).toBeUndefined();
    expect(await root.verify({ signatureOnly: true })).toBe(true);
  });

  it('lists the anchor, the signers, the status-list signer and the CRL address', async () => {
    const list = await trustList();
    expect(list.anchors).toEqual([root.toString('pem')]);
    expect(list.crls).toEqual([{ issuer: root.subject, url: `${r.base}/registry/ca/root.crl` }]);
    const statusSigner = await parseCertificate(list.statusListSigners[0]!);
    expect(statusSigner.extendedKeyUsage).toEqual([ROLE_OIDS.statusListSigner]);
    expect(statusSigner.issuer).toBe(root.subject);
    expect(Date.parse(list.issuedAt)).not.toBeNaN();
  });
});

describe('the CRL', () => {
  it('is DER as application/pkix-crl, signed by the root, valid now', async () => {
    const { crl, contentType } = await fetchCrl();
    expect(contentType).toBe('application/pkix-crl');
    expect(crl.issuer).toBe(root.subject);
    expect(await crl.verify({ publicKey: root.publicKey })).toBe(true);
    expect(crl.thisUpdate.getTime()).toBeLessThanOrEqual(Date.now());
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(Date.now());
    expect(crl.entries).toEqual([]);
  });

  it('lists a revoked signer at once, in a CRL with a higher number', async () => {
    const before = (await fetchCrl()).crl;
    const signer = (await trustList()).signers.find((s) => s.kid === 'D-000002')!;
    const serial = new X509Certificate(signer.certificate).serialNumber;

    const res = await admin(r, '/signers/D-000002/revoke', { reason: 'key compromise drill' });
    expect(res.status).toBe(200);

    const after = (await fetchCrl()).crl;
    expect(after.entries.map((e) => e.serialNumber)).toEqual([serial]);
    expect(crlNumber(after)).toBeGreaterThan(crlNumber(before));
    expect(await after.verify({ publicKey: root.publicKey })).toBe(true);
    // The revoked signer stays in the trust list, so verifiers report it revoked, not unknown.
    expect((await trustList()).signers.map((s) => s.kid)).toContain('D-000002');
  });

  it('answers 404 signer-unknown when revoking an unknown or already revoked signer', async () => {
    for (const kid of ['D-000002', 'D-000099']) {
      const res = await admin(r, `/signers/${kid}/revoke`, {});
      expect(res.status).toBe(404);
      expect((await res.json()).type).toMatch(/\/signer-unknown$/);
    }
  });
});

describe('key rotation', () => {
  it('adds a signer D-000003 and keeps the earlier ones in the trust list', async () => {
    const res = await admin(r, '/signers', { alg: 'ES256' });
    expect(res.status).toBe(201);
    const added = (await res.json()) as { kid: string; certificate: string };
    expect(added.kid).toBe('D-000003');
    const cert = await parseCertificate(added.certificate);
    expect(cert.extendedKeyUsage).toEqual([ROLE_OIDS.credentialSigner]);
    expect((await trustList()).signers.map((s) => s.kid)).toEqual([
      'D-000001',
      'D-000002',
      'D-000003',
    ]);
  });

  it('issues ES256 with the new signer once the old one is revoked', async () => {
    expect(await issue(r, { alg: 'ES256' })).toMatchObject({ kid: 'D-000003', alg: 'ES256' });
  });
});

describe('CRL renewal', () => {
  it('issues a new CRL when less than half of its validity remains', async () => {
    let now = Date.now();
    const dir = await tempDir();
    const short = await startRegistry(dir, { now: () => new Date(now), crlValidityMs: 3_600_000 });
    try {
      const get = async () =>
        new X509Crl(
          new Uint8Array(await (await fetch(`${short.base}/registry/ca/root.crl`)).arrayBuffer()),
        );
      const first = await get();
      now += 20 * 60_000; // two thirds of the validity remain: kept
      expect(crlNumber(await get())).toBe(crlNumber(first));
      now += 15 * 60_000; // less than half remains: renewed
      const renewed = await get();
      expect(crlNumber(renewed)).toBe(crlNumber(first) + 1);
      // X.509 times have whole seconds.
      expect(renewed.nextUpdate!.getTime()).toBe(Math.floor((now + 3_600_000) / 1000) * 1000);
    } finally {
      await short.stop();
      await removeDir(dir);
    }
  });
});
