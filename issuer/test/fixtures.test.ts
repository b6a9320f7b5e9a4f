import 'reflect-metadata';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import {
  ROLE_OIDS,
  STATUS_VALUES,
  createStatusListSource,
  createTrustStore,
  createWebCryptoBackend,
  decodeStatusListToken,
  defaultPolicy,
  parseCertificate,
  readStatusBits,
  verifyCredential,
  type CredentialRecord,
  type StatusSource,
} from '@dqcv/shared-cose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../fixtures/generate';
import type { Manifest } from '../../fixtures/manifest';
import { readQrTexts } from './support/read-qr';

const STATES = [
  'valid-ps256',
  'valid-es256',
  'tampered',
  'revoked',
  'suspended',
  'deleted',
  'superseded',
  'signer-revoked',
  'expired-signer',
  'unknown-kid',
];

let dir: string;
let manifest: Manifest;
const file = (relative: string) => join(dir, relative);
const bytes = async (relative: string) => new Uint8Array(await readFile(file(relative)));

beforeAll(async () => {
  const parent = await mkdtemp(join(tmpdir(), 'dqcv-fixtures-'));
  dir = await ensureFixtures({ outDir: join(parent, 'out'), force: true });
  manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8')) as Manifest;
});

afterAll(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('fixture generator: the manifest', () => {
  it('has a credential for every state the verifier must tell apart', () => {
    const names = manifest.credentials.map((c) => c.name);

    expect(names).toEqual(expect.arrayContaining(STATES));
  });

  it('says for each credential the verdict and the reason code it must give', () => {
    const byName = Object.fromEntries(manifest.credentials.map((c) => [c.name, c.expect]));

    expect(byName['valid-ps256']).toEqual({ result: 'valid', reasons: [] });
    expect(byName['valid-es256']).toEqual({ result: 'valid', reasons: [] });
    expect(byName.tampered).toEqual({ result: 'invalid', reasons: ['signature_invalid'] });
    expect(byName.revoked).toEqual({ result: 'invalid', reasons: ['qualification_revoked'] });
    expect(byName.suspended).toEqual({ result: 'invalid', reasons: ['qualification_suspended'] });
    expect(byName.deleted).toEqual({ result: 'invalid', reasons: ['qualification_deleted'] });
    expect(byName.superseded).toEqual({ result: 'invalid', reasons: ['certificate_superseded'] });
    expect(byName['signer-revoked']).toEqual({
      result: 'invalid',
      reasons: ['signer_certificate_revoked'],
    });
    expect(byName['expired-signer']).toEqual({
      result: 'invalid',
      reasons: ['signer_certificate_invalid'],
    });
    expect(byName['unknown-kid']).toEqual({ result: 'invalid', reasons: ['unknown_signer'] });
  });

  it('names only files that exist', async () => {
    const paths = [
      ...manifest.trust.anchors.flatMap((a) => [a.pem, a.der, a.key]),
      ...Object.values(manifest.trust.signers).flatMap((s) => [s.pem, s.der, s.key]),
      manifest.trust.statusListSigner.pem,
      ...manifest.trust.crls.map((c) => c.file),
      ...manifest.statusLists.map((l) => l.file),
      ...manifest.credentials.flatMap((c) => Object.values(c.files)),
    ];

    for (const p of paths) expect((await stat(file(p))).size, p).toBeGreaterThan(0);
  });

  it('gives the registry status of every certificate that has one', () => {
    for (const c of manifest.credentials) {
      if (c.status === 'unknown') expect(manifest.statuses[c.certificateId]).toBeUndefined();
      else expect(manifest.statuses[c.certificateId]).toBe(c.status);
    }
  });

  it('uses demo kids only (D-…, never the real system’s P-…)', () => {
    for (const c of manifest.credentials) expect(c.kid).toMatch(/^D-\d{6}$/);
  });

  it('keeps private keys readable by the owner only', async () => {
    const mode = (await stat(file(manifest.trust.anchors[0]!.key))).mode & 0o777;

    expect(mode).toBe(0o600);
  });

  it('keeps current output instead of regenerating it (idempotent)', async () => {
    const before = manifest.generatedAt;
    await ensureFixtures({ outDir: dir });
    const again = JSON.parse(await readFile(file('manifest.json'), 'utf8')) as Manifest;

    expect(again.generatedAt).toBe(before);
  });
});

describe('fixture generator: the material', () => {
  it('writes QR images that read back to each credential URL', async () => {
    for (const c of manifest.credentials) {
      expect(await readQrTexts(await bytes(c.files.qr)), c.name).toEqual([c.url]);
    }
  });

  it('writes a PDF certificate for the valid PS256 credential', async () => {
    const pdf = await bytes(manifest.credentials.find((c) => c.name === 'valid-ps256')!.files.pdf!);

    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
  });

  it('issues every trusted signer under the root with the credential-signer role', async () => {
    const root = new X509Certificate(await bytes(manifest.trust.anchors[0]!.der));
    for (const [kid, s] of Object.entries(manifest.trust.signers)) {
      const der = await bytes(s.der);
      // shared-cose's parser: @peculiar/x509 renders arcs above 2^53 (our UUID arc) wrongly.
      const parsed = await parseCertificate(der);

      expect(
        await new X509Certificate(der).verify({ publicKey: root, signatureOnly: true }),
        kid,
      ).toBe(true);
      expect(parsed.extendedKeyUsage, kid).toEqual([ROLE_OIDS.credentialSigner]);
    }
  });

  it('publishes a CRL signed by the root that lists exactly the revoked signer', async () => {
    const root = new X509Certificate(await bytes(manifest.trust.anchors[0]!.der));
    const crl = new X509Crl(await bytes(manifest.trust.crls[0]!.file));
    const revoked = manifest.trust.signers['D-000004']!;

    expect(await crl.verify({ publicKey: root })).toBe(true);
    expect(crl.entries.map((e) => e.serialNumber)).toEqual([revoked.serialNumber]);
    expect(revoked.state).toBe('revoked');
  });

  it('makes the expired signer expired now but valid on its credential’s issue date', () => {
    const signer = manifest.trust.signers['D-000003']!;

    expect(signer.state).toBe('expired');
    expect(Date.parse(signer.notAfter)).toBeLessThan(Date.parse(manifest.generatedAt));
  });

  it('writes a 4-bit status list whose entries match the status table', async () => {
    const list = manifest.statusLists[0]!;
    const decoded = decodeStatusListToken(await bytes(list.file));
    if (!decoded.ok) throw new Error(decoded.detail);

    expect(decoded.token.bits).toBe(4);
    expect(decoded.token.uri).toBe(list.uri);
    for (const c of manifest.credentials.filter((x) => x.statusListIndex !== null)) {
      const value = readStatusBits(decoded.token.list, c.statusListIndex!, 4);
      expect(value, c.name).toBe(STATUS_VALUES[c.status as keyof typeof STATUS_VALUES]);
    }
  });
});

describe('fixture generator: verified end to end by shared-cose', () => {
  it('gives every credential exactly the verdict its manifest entry promises', async () => {
    const crypto = createWebCryptoBackend();
    const anchors = await Promise.all(manifest.trust.anchors.map((a) => bytes(a.der)));
    const trust = await createTrustStore({
      anchors,
      signers: await Promise.all(
        Object.entries(manifest.trust.signers).map(async ([kid, s]) => ({
          kid,
          certificate: await bytes(s.der),
        })),
      ),
    });
    const crl = await bytes(manifest.trust.crls[0]!.file);
    const lists = new Map(
      await Promise.all(
        manifest.statusLists.map(async (l) => [l.uri, await bytes(l.file)] as const),
      ),
    );
    const fromList = createStatusListSource({
      fetchList: async (uri) => {
        const found = lists.get(uri);
        return found
          ? { ok: true, bytes: found, fetchedAt: new Date() }
          : { ok: false, detail: 'no list' };
      },
      trust: await createTrustStore({ anchors }),
      crypto,
      now: () => new Date(),
      maxAgeSeconds: 86_400,
      allowedUris: [...lists.keys()],
    });
    // Credentials without ST are answered per certificate id, as the registry would.
    const status: StatusSource = {
      async getStatus(record: CredentialRecord) {
        if (record.statusList) return fromList.getStatus(record);
        const s = record.certificateId ? manifest.statuses[record.certificateId] : undefined;
        return s
          ? { ok: true, status: s, source: 'registry', fetchedAt: new Date() }
          : { ok: false, code: 'certificate_unknown' };
      },
    };
    const ctx = {
      policy: { ...defaultPolicy, verificationHosts: [manifest.baseUrl] },
      trust,
      crypto,
      crls: { getCrl: async () => ({ ok: true as const, der: crl, fetchedAt: new Date() }) },
      status,
    };

    for (const c of manifest.credentials) {
      const verdict = await verifyCredential(c.url, ctx);
      expect(
        { result: verdict.result, reasons: verdict.reasons.map((r) => r.code) },
        `${c.name}: ${JSON.stringify(verdict.checks)}`,
      ).toEqual(c.expect);
    }
  });
});
