/**
 * What the hot path keeps per signer, and what it must still decide on every call: a signer's
 * path validity kept as one interval is checked against each call's time and issue day to the
 * millisecond, naming the certificate that fails; a CRL's answer kept per signer follows the
 * CRL object the source hands over; a caller's byte array may change once verification began.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrlSource } from '../src/types';
import { checkRevocation, checkRevocationNow } from '../src/x509/crl';
import { validateSigner, validateSignerNow } from '../src/x509/path';
import type { ResolvedSigner } from '../src/x509/signer';
import { createTrustStore } from '../src/x509/trust-store';
import { verifyCredential } from '../src/verify';
import { context, issue } from './verify-fixtures';
import { makeRoot, makeSigner } from './verify-pki';
import { makeCa, makeCrl, makeLeaf, NOW, type Party } from './x509-pki';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KID = new TextEncoder().encode('D-000001');
const OPTIONS = { role: 'credentialSigner', clockSkewSeconds: 0 } as const;
/** The leaf's validity: 2026-06-01T00:00Z (09:00 JST) to 2026-07-01T00:00Z. */
const NOT_BEFORE = new Date('2026-06-01T00:00:00Z');
const NOT_AFTER = new Date('2026-07-01T00:00:00Z');

async function resolve(anchor: Party, leaf: Party, pinned = false): Promise<ResolvedSigner> {
  const store = await createTrustStore({
    anchors: [anchor.der],
    signers: [{ kid: 'D-000001', certificate: leaf.der, pinned }],
  });
  const found = await store.resolveSigner({ kid: KID, role: 'credentialSigner' });
  if (!found.ok) throw new Error(found.detail);
  return found.signer;
}

function at(signer: ResolvedSigner, now: Date, issueDate?: string, skewSeconds = 0) {
  const result = validateSignerNow(signer, {
    ...OPTIONS,
    now,
    issueDate,
    clockSkewSeconds: skewSeconds,
  });
  if (result instanceof Promise) throw new Error('expected a settled signer to answer at once');
  return result;
}

let root: Party;
let signer: ResolvedSigner;

beforeAll(async () => {
  root = await makeCa();
  const leaf = await makeLeaf(root, 'credentialSigner', {
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
  });
  signer = await resolve(root, leaf);
  await validateSigner(signer, { ...OPTIONS, now: new Date(NOT_BEFORE.getTime() + DAY) });
});

describe('a signer path kept as one validity interval', () => {
  it('passes from notBefore to notAfter inclusive, to the millisecond', () => {
    expect(at(signer, NOT_BEFORE).ok).toBe(true);
    expect(at(signer, NOT_AFTER).ok).toBe(true);
  });

  it('refuses one millisecond before notBefore, naming the certificate and the time', () => {
    expect(at(signer, new Date(NOT_BEFORE.getTime() - 1))).toEqual({
      ok: false,
      code: 'signer_certificate_invalid',
      detail: 'certificate CN=DQCV Test Signer, O=DQCV Test, C=JP is not yet valid at now',
    });
  });

  it('refuses one millisecond after notAfter as expired now', () => {
    expect(at(signer, new Date(NOT_AFTER.getTime() + 1))).toEqual({
      ok: false,
      code: 'signer_certificate_invalid',
      detail: 'certificate CN=DQCV Test Signer, O=DQCV Test, C=JP has expired at now',
    });
  });

  it('widens the interval by the clock skew on both sides', () => {
    expect(at(signer, new Date(NOT_AFTER.getTime() + 300_000), undefined, 300).ok).toBe(true);
    expect(at(signer, new Date(NOT_AFTER.getTime() + 300_001), undefined, 300).ok).toBe(false);
  });

  it('accepts an issue day (JST) that overlaps the interval by its last hours', () => {
    // 2026-06-01 in JST runs from 2026-05-31T15:00Z; the leaf starts at 09:00 JST that day.
    expect(at(signer, new Date(NOT_BEFORE.getTime() + DAY), '2026-06-01').ok).toBe(true);
    expect(at(signer, new Date(NOT_BEFORE.getTime() + DAY), '2026/06/01').ok).toBe(true);
  });

  it('refuses an issue day (JST) that ends before notBefore', () => {
    expect(at(signer, new Date(NOT_BEFORE.getTime() + DAY), '2026-05-31')).toEqual({
      ok: false,
      code: 'signer_certificate_invalid',
      detail:
        'certificate CN=DQCV Test Signer, O=DQCV Test, C=JP is not yet valid at the issue date',
    });
  });

  it('refuses an issue date that names no calendar day', () => {
    for (const bad of ['2026-02-29', '0099-01-01', '2026-13-01', '2026-6-1', '2026-06-01x']) {
      expect(at(signer, NOT_BEFORE, bad)).toMatchObject({
        ok: false,
        detail: 'the credential issue date is not a calendar date',
      });
    }
    expect(at(signer, new Date(NOT_BEFORE.getTime() + DAY), '2028-02-29').ok).toBe(false);
  });

  it('names an intermediate that expires before the leaf', async () => {
    const ca = await makeCa(root, { notAfter: new Date(NOT_BEFORE.getTime() + 10 * DAY) });
    const leaf = await makeLeaf(ca, 'credentialSigner', {
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
    });
    const store = await createTrustStore({
      anchors: [root.der],
      intermediates: [ca.der],
      signers: [{ kid: 'D-000001', certificate: leaf.der }],
    });
    const found = await store.resolveSigner({ kid: KID, role: 'credentialSigner' });
    if (!found.ok) throw new Error(found.detail);
    const now = new Date(NOT_BEFORE.getTime() + 20 * DAY);
    expect(await validateSigner(found.signer, { ...OPTIONS, now })).toMatchObject({
      ok: false,
      detail: expect.stringMatching(
        /^CA certificate CN=DQCV Test Intermediate.* has expired at now$/,
      ),
    });
    expect(at(found.signer, new Date(NOT_BEFORE.getTime() + DAY)).ok).toBe(true);
  });

  it('checks a pinned signer against its own validity on every call', async () => {
    const other = await makeCa();
    const leaf = await makeLeaf(other, 'credentialSigner', {
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
    });
    const pinned = await resolve(root, leaf, true);
    expect(at(pinned, NOT_BEFORE).ok).toBe(true);
    expect(at(pinned, new Date(NOT_AFTER.getTime() + 1))).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/has expired at now$/),
    });
  });
});

describe('a CRL answer kept per signer', () => {
  it('follows the CRL object the source hands over, both ways', async () => {
    const leaf = await makeLeaf(root);
    const s = await resolve(root, leaf);
    const clean = await makeCrl(root);
    const revoking = await makeCrl(root, { revoked: [leaf] });
    let current = clean;
    const source: CrlSource = { getCrl: () => ({ ok: true, der: current, fetchedAt: NOW }) };

    expect(await checkRevocation(s, source, NOW)).toMatchObject({ status: 'pass' });
    current = revoking;
    expect(await checkRevocation(s, source, NOW)).toMatchObject({
      status: 'fail',
      code: 'signer_certificate_revoked',
    });
    current = clean;
    expect(checkRevocationNow(s, source, NOW)).toMatchObject({ status: 'pass' });
  });

  it('still compares thisUpdate with the time of each call', async () => {
    const leaf = await makeLeaf(root);
    const s = await resolve(root, leaf);
    const crl = await makeCrl(root, { thisUpdate: NOW });
    const source: CrlSource = { getCrl: () => ({ ok: true, der: crl, fetchedAt: NOW }) };
    expect(await checkRevocation(s, source, NOW)).toMatchObject({ status: 'pass' });
    expect(checkRevocationNow(s, source, new Date(NOW.getTime() - HOUR))).toEqual({
      status: 'unknown',
      code: 'crl_unavailable',
      detail: 'the CRL thisUpdate is in the future',
    });
  });
});

describe('verifyCredential given bytes', () => {
  it('verifies its own copy: the caller may reuse its array once the call began', async () => {
    const ca = await makeRoot();
    const es = await makeSigner(ca, 'ES256');
    const ctx = await context(ca, [{ kid: 'D-000002', certificate: es.der }]);
    const bytes = await issue(es, 'D-000002');
    const pending = verifyCredential(bytes, ctx);
    bytes.fill(0);
    expect((await pending).result).toBe('valid');
  });
});
