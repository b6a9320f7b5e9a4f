import 'reflect-metadata';
import {
  createTrustStore,
  createWebCryptoBackend,
  defaultPolicy,
  verifyCredential,
  type CredentialRecord,
  type StatusSource,
  type VerifyContext,
} from '@dqcv/shared-cose';
import { describe, expect, it } from 'vitest';
import { signCases } from '../../fixtures/credentials';
import { createFixturePki } from '../../fixtures/pki';

// A credential's issue date is a JST calendar day and the signer must be valid at some moment
// of it (shared-cose x509/path.ts). Around midnight JST the UTC date differs from the JST one,
// which is where a signer starting "now" or an issue date taken in UTC went wrong once.
const BASE_URL = 'http://127.0.0.1:8787';
const STATUS_LIST_URI = `${BASE_URL}/registry/v1/status-lists/fixture`;

async function verdictsAt(now: Date) {
  const pki = await createFixturePki(now);
  const cases = await signCases(pki, { baseUrl: BASE_URL, statusListUri: STATUS_LIST_URI, now });
  const der = (c: { certificate: { rawData: ArrayBuffer } }) =>
    new Uint8Array(c.certificate.rawData);
  const trust = await createTrustStore({
    anchors: [der(pki.root)],
    signers: pki.signers
      .filter((s) => s.state !== 'untrusted')
      .map((s) => ({ kid: s.kid, certificate: der(s) })),
  });
  const byId = new Map(cases.map((c) => [c.certificateId, c.status]));
  // Answered per certificate id, as the registry would; the status list has its own tests.
  const status: StatusSource = {
    getStatus(record: CredentialRecord) {
      const s = record.certificateId ? byId.get(record.certificateId) : undefined;
      return s && s !== 'unknown'
        ? { ok: true, status: s, source: 'registry', fetchedAt: now }
        : { ok: false, code: 'certificate_unknown' };
    },
  };
  const ctx: VerifyContext = {
    policy: { ...defaultPolicy, verificationHosts: [BASE_URL] },
    trust,
    crypto: createWebCryptoBackend(),
    crls: { getCrl: () => ({ ok: true, der: pki.crl.der, fetchedAt: now }) },
    status,
    now: () => now,
  };
  const out = [];
  for (const c of cases) {
    const verdict = await verifyCredential(c.url, ctx);
    out.push({
      name: c.name,
      issueDate: c.record.issueDate,
      got: { result: verdict.result, reasons: verdict.reasons.map((r) => r.code) },
      expect: c.expect,
    });
  }
  return out;
}

describe('fixture generator: around midnight in Japan', () => {
  it('gives every promised verdict when generated at 23:59 JST', async () => {
    const verdicts = await verdictsAt(new Date('2026-12-03T23:59:00+09:00'));

    for (const v of verdicts) expect(v.got, v.name).toEqual(v.expect);
  });

  it('gives every promised verdict when generated at 00:01 JST', async () => {
    const verdicts = await verdictsAt(new Date('2026-12-04T00:01:00+09:00'));

    for (const v of verdicts) expect(v.got, v.name).toEqual(v.expect);
  });

  it('dates a credential issued today with the JST day, not the UTC one', async () => {
    // 08:30 JST on 12-04 is still 12-03 in UTC.
    const verdicts = await verdictsAt(new Date('2026-12-04T08:30:00+09:00'));

    const valid = verdicts.find((v) => v.name === 'valid-ps256')!;
    expect(valid.issueDate).toBe('2026-12-04');
    expect(valid.got).toEqual({ result: 'valid', reasons: [] });
  });
});
