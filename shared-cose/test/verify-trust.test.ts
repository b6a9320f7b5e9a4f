import { beforeAll, describe, expect, it } from 'vitest';
import { ALG_IDS, type ReasonCode, type Verdict } from '../src/types';
import { verifyCredential, type VerifyContext } from '../src/verify';
import { createTrustStore } from '../src/x509/trust-store';
import { RECORD, context, issue, registryStatus } from './verify-fixtures';
import {
  crlSource,
  makeCrl,
  makeRoot,
  makeSigner,
  type TestCa,
  type TestSigner,
} from './verify-pki';

const DAY = 86_400_000;
let ca: TestCa;
let es: TestSigner;
let ctx: VerifyContext;
let cose: Uint8Array;

beforeAll(async () => {
  ca = await makeRoot();
  es = await makeSigner(ca, 'ES256', { serial: '2002' });
  ctx = await context(ca, [{ kid: 'D-000002', certificate: es.der }]);
  cose = await issue(es, 'D-000002');
});

const codes = (v: Verdict) => v.reasons.map((r) => r.code);
const check = (v: Verdict, name: string) => v.checks.find((c) => c.name === name);

async function withCrl(der: Uint8Array | null): Promise<Verdict> {
  const crls = crlSource(() =>
    der ? { ok: true, der, fetchedAt: new Date() } : { ok: false, detail: 'connection refused' },
  );
  return verifyCredential(cose, { ...ctx, crls });
}

describe('verifyCredential: the signer certificate', () => {
  it('refuses an expired signer certificate as signer_certificate_invalid', async () => {
    const old = await makeSigner(ca, 'ES256', {
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const c = await context(ca, [{ kid: 'D-000009', certificate: old.der }]);
    const v = await verifyCredential(await issue(old, 'D-000009'), c);
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['signer_certificate_invalid']);
    expect(check(v, 'signer_certificate')?.detail).toMatch(/expired/);
    expect(check(v, 'signer_revocation')?.status).toBe('skipped');
    expect(check(v, 'status')?.status).toBe('skipped');
  });

  it('refuses a credential issued before its signer certificate was valid', async () => {
    const record = {
      ...RECORD,
      issueDate: new Date(Date.now() - 60 * DAY).toISOString().slice(0, 10),
    };
    const v = await verifyCredential(await issue(es, 'D-000002', { record }), ctx);
    expect(codes(v)).toEqual(['signer_certificate_invalid']);
    expect(check(v, 'signer_certificate')?.detail).toMatch(/not yet valid at the issue date/);
  });

  it('refuses a status-list signer used to sign a credential', async () => {
    const other = await makeSigner(ca, 'ES256', { role: 'statusListSigner' });
    const store = await createTrustStore({
      anchors: [ca.der],
      signers: [{ kid: 'D-000010', certificate: other.der }],
    });
    const v = await verifyCredential(await issue(other, 'D-000010'), { ...ctx, trust: store });
    expect(codes(v)).toEqual(['signer_certificate_invalid']);
    expect(check(v, 'signer_certificate')?.detail).toMatch(/another role/);
  });

  it('accepts a signer carried in an x5chain header that chains to the anchor', async () => {
    const x5 = await issue(es, '', {
      unprotectedHeader: { x5chain: es.der },
    });
    const v = await verifyCredential(x5, ctx);
    expect(v.result).toBe('valid');
    expect(v.signer?.trust).toBe('chain');
  });

  it('refuses an x5chain signer of another CA as signer_certificate_invalid', async () => {
    const stranger = await makeSigner(await makeRoot('CN=Other Root,C=JP'), 'ES256');
    const x5 = await issue(stranger, '', { unprotectedHeader: { x5chain: stranger.der } });
    const v = await verifyCredential(x5, ctx);
    expect(codes(v)).toEqual(['signer_certificate_invalid']);
    expect(check(v, 'signer_certificate')?.detail).toMatch(/not issued by a trust anchor/);
  });

  it('reports a pinned signer as pinned', async () => {
    const store = await createTrustStore({
      anchors: [],
      signers: [{ kid: 'D-000002', certificate: es.der, pinned: true }],
    });
    const v = await verifyCredential(cose, { ...ctx, trust: store });
    expect(v.result).toBe('valid');
    expect(v.signer?.trust).toBe('pinned');
    expect(check(v, 'signer_revocation')).toMatchObject({ status: 'skipped' });
  });
});

describe('verifyCredential: the CRL', () => {
  it('finds a credential valid under a current CRL with no revoked entries', async () => {
    const v = await withCrl(await makeCrl(ca));
    expect(v.result).toBe('valid');
    expect(check(v, 'signer_revocation')?.status).toBe('pass');
  });

  it('refuses a signer listed on the current CRL as signer_certificate_revoked', async () => {
    const v = await withCrl(await makeCrl(ca, { revoked: [es.serial] }));
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['signer_certificate_revoked']);
    expect(check(v, 'status')?.status).toBe('skipped');
  });

  it('refuses a signer listed on a CRL past its nextUpdate as signer_certificate_revoked', async () => {
    const stale = await makeCrl(ca, {
      revoked: [es.serial],
      thisUpdate: new Date(Date.now() - 3 * DAY),
      nextUpdate: new Date(Date.now() - 2 * DAY),
    });
    const v = await withCrl(stale);
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['signer_certificate_revoked']);
  });

  it('finds the same stale CRL not listing the signer indeterminate: crl_stale', async () => {
    const stale = await makeCrl(ca, {
      thisUpdate: new Date(Date.now() - 3 * DAY),
      nextUpdate: new Date(Date.now() - 2 * DAY),
    });
    const v = await withCrl(stale);
    expect(v.result).toBe('indeterminate');
    expect(codes(v)).toEqual(['crl_stale']);
    expect(check(v, 'status')?.status).toBe('pass');
  });

  it('finds a CRL signed by another key indeterminate: crl_unavailable', async () => {
    const intruder = (await crypto.subtle.generateKey(
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const v = await withCrl(await makeCrl(ca, { signingKey: intruder.privateKey }));
    expect(v.result).toBe('indeterminate');
    expect(codes(v)).toEqual(['crl_unavailable']);
  });

  it('finds a CRL that cannot be fetched indeterminate: crl_unavailable', async () => {
    const v = await withCrl(null);
    expect(v.result).toBe('indeterminate');
    expect(codes(v)).toEqual(['crl_unavailable']);
  });

  it('still fails on the status check when the CRL is unavailable', async () => {
    const crls = crlSource(() => ({ ok: false, detail: 'timeout' }));
    const status = registryStatus({ [RECORD.certificateId!]: 'revoked' });
    const v = await verifyCredential(cose, { ...ctx, crls, status });
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['qualification_revoked', 'crl_unavailable']);
  });
});

describe('verifyCredential: qualification status', () => {
  const cases: Array<[string, ReasonCode]> = [
    ['revoked', 'qualification_revoked'],
    ['suspended', 'qualification_suspended'],
    ['deleted', 'qualification_deleted'],
    ['superseded', 'certificate_superseded'],
  ];
  for (const [status, code] of cases) {
    it(`refuses a ${status} qualification as ${code}`, async () => {
      const source = registryStatus({ [RECORD.certificateId!]: status as 'revoked' });
      const v = await verifyCredential(cose, { ...ctx, status: source });
      expect(v.result).toBe('invalid');
      expect(codes(v)).toEqual([code]);
    });
  }

  it('refuses a certificate the registry does not know as certificate_unknown', async () => {
    const v = await verifyCredential(cose, { ...ctx, status: registryStatus({}) });
    expect(codes(v)).toEqual(['certificate_unknown']);
  });

  it('finds an unreachable registry indeterminate: registry_unavailable', async () => {
    const status = {
      getStatus: async () => ({
        ok: false as const,
        code: 'registry_unavailable' as const,
        detail: 'timeout',
      }),
    };
    const v = await verifyCredential(cose, { ...ctx, status });
    expect(v.result).toBe('indeterminate');
    expect(codes(v)).toEqual(['registry_unavailable']);
  });

  it('finds a status source that throws indeterminate, never an exception', async () => {
    const status = {
      getStatus: async () => {
        throw new Error('socket hang up');
      },
    };
    const v = await verifyCredential(cose, { ...ctx, status });
    expect(v.result).toBe('indeterminate');
    expect(codes(v)).toEqual(['registry_unavailable']);
  });

  it('does not ask for the status of a credential whose signature fails', async () => {
    const source = registryStatus({ [RECORD.certificateId!]: 'valid' });
    const forged = await issue(es, 'D-000002', { sign: async () => new Uint8Array(64) });
    const v = await verifyCredential(forged, { ...ctx, status: source });
    expect(codes(v)).toEqual(['signature_invalid']);
    expect(source.seen).toEqual([]);
  });

  it('reports where the status came from', async () => {
    const v = await verifyCredential(cose, ctx);
    expect(v.status?.source).toBe('registry');
    expect(Date.parse(v.status!.fetchedAt)).not.toBeNaN();
    expect(ALG_IDS[v.signer!.alg]).toBe(-7);
  });
});
