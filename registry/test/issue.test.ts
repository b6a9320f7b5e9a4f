/**
 * Issuing over real HTTP: the credential is in the real wire format (DESIGN §2), signed by the
 * signer the trust list names, and reissuing supersedes the previous certificate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebCryptoBackend,
  decodeBase64Any,
  decodeCredentialPayload,
  decodeSign1,
  parseCertificate,
  ROLE_OIDS,
  sigStructure1,
} from '@dqcv/shared-cose';
import {
  admin,
  issue,
  PERSON,
  removeDir,
  startRegistry,
  tempDir,
  type RunningRegistry,
} from './helpers';

let r: RunningRegistry;
let trustList: { anchors: string[]; signers: { kid: string; alg: string; certificate: string }[] };

beforeAll(async () => {
  r = await startRegistry(await tempDir());
  trustList = await (await fetch(`${r.base}/registry/v1/trust-list`)).json();
});

afterAll(async () => {
  await r.stop();
  await removeDir(r.dataDir);
});

function decode(c: string) {
  const decoded = decodeSign1(decodeBase64Any(c)!);
  if (!decoded.ok) throw new Error(decoded.detail);
  const payload = decodeCredentialPayload(decoded.sign1.payload);
  if (!payload.ok) throw new Error(payload.detail);
  return { sign1: decoded.sign1, record: payload.record };
}

async function signatureVerifies(c: string, kid: string): Promise<boolean> {
  const { sign1 } = decode(c);
  const signer = trustList.signers.find((s) => s.kid === kid)!;
  const cert = await parseCertificate(signer.certificate);
  const alg = signer.alg as 'PS256' | 'ES256';
  const tbs = sigStructure1(sign1.protectedBytes, sign1.payload);
  return createWebCryptoBackend().verify(alg, cert.spki, tbs, sign1.signature);
}

describe('POST /registry/admin/v1/issue', () => {
  it('signs a PS256 record in the real wire format with D-000001 by default', async () => {
    const issued = await issue(r);
    expect(issued).toMatchObject({ kid: 'D-000001', alg: 'PS256' });
    expect(issued.url).toBe(`${r.base}/w/?c=${issued.c}`);
    expect(issued.c).toMatch(/^[A-Za-z0-9_-]+$/);

    const { sign1, record } = decode(issued.c);
    expect(sign1.envelope).toBe('tag18');
    expect([...sign1.protectedBytes]).toEqual([0xa1, 0x01, 0x38, 0x24]);
    expect(new TextDecoder().decode(sign1.unprotectedHeader.kid)).toBe('D-000001');
    expect(sign1.signature.length).toBe(256);
    expect(record).toMatchObject({ ...PERSON, certificateId: issued.certificateId });
    expect(record.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(record.statusList?.uri).toMatch(new RegExp(`^${r.base}/registry/v1/status-lists/\\d+$`));
    expect(await signatureVerifies(issued.c, 'D-000001')).toBe(true);
  });

  it('signs with the ES256 signer D-000002 when asked', async () => {
    const issued = await issue(r, { alg: 'ES256' });
    expect(issued).toMatchObject({ kid: 'D-000002', alg: 'ES256' });
    expect([...decode(issued.c).sign1.protectedBytes]).toEqual([0xa1, 0x01, 0x26]);
    expect(await signatureVerifies(issued.c, 'D-000002')).toBe(true);
  });

  it('leaves out the status-list reference in strict real format', async () => {
    const issued = await issue(r, { strictRealFormat: true });
    expect(decode(issued.c).record.statusList).toBeUndefined();
  });

  it('keeps every given field and the chosen verification base URL', async () => {
    const issued = await issue(r, {
      registrationNumber: '123456',
      registrationDate: '2020-05-01',
      issuingBody: '国土交通省',
      issuerName: '試験 交付者',
      qualificationId: 'Q-01',
      kindCode: '01',
      holderCode: 'U123',
      verifyBaseUrl: 'https://verify.example/base/',
    });
    expect(issued.url.startsWith('https://verify.example/base/w/?c=')).toBe(true);
    expect(decode(issued.c).record).toMatchObject({
      registrationNumber: '123456',
      registrationDate: '2020-05-01',
      issuingBody: '国土交通省',
      issuerName: '試験 交付者',
      qualificationId: 'Q-01',
      kindCode: '01',
      holderCode: 'U123',
    });
  });

  it('gives each credential its own status-list entry', async () => {
    const a = decode((await issue(r)).c).record.statusList!;
    const b = decode((await issue(r)).c).record.statusList!;
    expect(`${a.uri}#${a.idx}`).not.toBe(`${b.uri}#${b.idx}`);
  });

  it('shows the signed record to the admin', async () => {
    const issued = await issue(r);
    const res = await admin(r, `/certificates/${issued.certificateId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      certificateId: issued.certificateId,
      registrationId: issued.registrationId,
      url: issued.url,
      kid: 'D-000001',
      alg: 'PS256',
      status: 'valid',
      record: { ...PERSON, certificateId: issued.certificateId },
    });
  });
});

describe('the signer certificates in the trust list', () => {
  it('chain to the root and carry only the credential-signer role', async () => {
    const root = await parseCertificate(trustList.anchors[0]!);
    for (const signer of trustList.signers) {
      const cert = await parseCertificate(signer.certificate);
      expect(cert.issuer).toBe(root.subject);
      expect(cert.extendedKeyUsage).toEqual([ROLE_OIDS.credentialSigner]);
      expect(cert.basicConstraints?.ca).toBe(false);
    }
    expect(trustList.signers.map((s) => [s.kid, s.alg])).toEqual([
      ['D-000001', 'PS256'],
      ['D-000002', 'ES256'],
    ]);
  });
});

describe('reissue', () => {
  it('supersedes the previous certificate and carries the new name', async () => {
    const first = await issue(r);
    const res = await admin(r, `/registrations/${first.registrationId}/certificates`, {
      holderName: '試験 花子（新姓）',
    });
    expect(res.status).toBe(201);
    const second = (await res.json()) as {
      certificateId: string;
      c: string;
      registrationId: string;
    };
    expect(second.registrationId).toBe(first.registrationId);
    expect(decode(second.c).record.holderName).toBe('試験 花子（新姓）');

    const status = async (id: string) =>
      (
        (await (await fetch(`${r.base}/registry/v1/certificates/${id}/status`)).json()) as {
          status: string;
        }
      ).status;
    expect(await status(first.certificateId)).toBe('superseded');
    expect(await status(second.certificateId)).toBe('valid');
  });

  it('is recorded in the history, naming the new and the superseded certificate', async () => {
    const first = await issue(r);
    const reissue = async () =>
      (
        (await (
          await admin(r, `/registrations/${first.registrationId}/certificates`, {})
        ).json()) as { certificateId: string }
      ).certificateId;
    const second = await reissue();
    const third = await reissue();
    const res = await admin(r, `/registrations/${first.registrationId}/history`);
    const history = (await res.json()) as { from: string; to: string; reason: string }[];
    expect(history.map((h) => [h.from, h.to, h.reason])).toEqual([
      [null, 'active', 'registered'],
      ['active', 'active', `reissued: ${second} supersedes ${first.certificateId}`],
      ['active', 'active', `reissued: ${third} supersedes ${second}`],
    ]);
  });

  it('is refused for a revoked registration', async () => {
    const first = await issue(r);
    await admin(r, `/certificates/${first.certificateId}/status`, { status: 'revoked' });
    const res = await admin(r, `/registrations/${first.registrationId}/certificates`, {});
    expect(res.status).toBe(409);
    expect((await res.json()).type).toMatch(/\/registration-not-active$/);
  });

  it('is refused for an unknown registration', async () => {
    const res = await admin(r, `/registrations/${crypto.randomUUID()}/certificates`, {});
    expect(res.status).toBe(404);
    expect((await res.json()).type).toMatch(/\/registration-unknown$/);
  });
});
