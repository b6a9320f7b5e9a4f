import { beforeAll, describe, expect, it } from 'vitest';
import {
  createStatusListSource,
  createWebCryptoBackend,
  signStatusListToken,
  type CredentialRecord,
  type StatusListFetch,
} from '../src/index';
import { createTrustStore, type TrustStore } from '../src/x509/trust-store';
import { makeCa, makeLeaf, rootDer, type TestCa, type TestLeaf } from './status-pki';

const PREFIX = 'http://127.0.0.1:8787/registry/v1/status-lists/';
const URI = `${PREFIX}1`;
const NOW = new Date();
const NOW_S = Math.floor(NOW.getTime() / 1000);
// index: 0 valid, 1 revoked, 2 suspended, 3 deleted, 4 superseded, 5 an unassigned value
const STATUSES = [0, 1, 2, 3, 12, 5];

let ca: TestCa;
let listSigner: TestLeaf;
let trust: TrustStore;

beforeAll(async () => {
  ca = await makeCa();
  listSigner = await makeLeaf(ca, 'statusListSigner');
  trust = await createTrustStore({ anchors: [rootDer(ca)] });
});

async function token(
  over: { uri?: string; exp?: number; ttl?: number; iat?: number; signer?: TestLeaf } = {},
) {
  const signer = over.signer ?? listSigner;
  return signStatusListToken(
    {
      uri: over.uri ?? URI,
      iat: over.iat ?? NOW_S - 60,
      exp: over.exp ?? NOW_S + 86_400,
      ttl: over.ttl ?? 3600,
      bits: 4,
      statuses: STATUSES,
    },
    { alg: 'ES256', sign: signer.sign, certificate: signer.der },
  );
}

function source(fetched: StatusListFetch | (() => Promise<StatusListFetch>), maxAge = 86_400) {
  const calls: string[] = [];
  const s = createStatusListSource({
    fetchList: async (uri) => {
      calls.push(uri);
      return typeof fetched === 'function' ? fetched() : fetched;
    },
    trust,
    crypto: createWebCryptoBackend(),
    now: () => NOW,
    maxAgeSeconds: maxAge,
    allowedUris: [PREFIX],
  });
  return { s, calls };
}

const at = (idx: number, uri = URI): CredentialRecord => ({ statusList: { idx, uri } });
const fresh = (bytes: Uint8Array): StatusListFetch => ({ ok: true, bytes, fetchedAt: NOW });

describe('createStatusListSource: entries', () => {
  it.each([
    [0, 'valid'],
    [1, 'revoked'],
    [2, 'suspended'],
    [3, 'deleted'],
    [4, 'superseded'],
  ])('reads entry %i as %s', async (idx, status) => {
    const { s } = source(fresh(await token()));
    expect(await s.getStatus(at(idx))).toEqual({
      ok: true,
      status,
      source: 'status_list',
      fetchedAt: NOW,
    });
  });

  it('answers registry_unavailable for a value we never assign', async () => {
    const { s } = source(fresh(await token()));
    expect(await s.getStatus(at(5))).toEqual({
      ok: false,
      code: 'registry_unavailable',
      detail: 'malformed status list entry (value 5)',
    });
  });

  it('answers registry_unavailable for an index beyond the list', async () => {
    const { s } = source(fresh(await token()));
    expect(await s.getStatus(at(100))).toMatchObject({ ok: false, code: 'registry_unavailable' });
  });
});

describe('createStatusListSource: what it refuses to trust', () => {
  it('never fetches an address outside the allowed ones', async () => {
    const { s, calls } = source(fresh(await token()));
    const answer = await s.getStatus(at(0, 'http://evil.example/registry/v1/status-lists/1'));
    expect(answer).toMatchObject({ ok: false, code: 'registry_unavailable' });
    expect(calls).toEqual([]);
  });

  it('refuses a credential without a status-list reference', async () => {
    const { s, calls } = source(fresh(await token()));
    expect(await s.getStatus({ certificateId: 'x' })).toMatchObject({
      ok: false,
      code: 'registry_unavailable',
    });
    expect(calls).toEqual([]);
  });

  it('refuses a list whose sub is another list', async () => {
    const { s } = source(fresh(await token({ uri: `${PREFIX}2` })));
    expect(await s.getStatus(at(0))).toEqual({
      ok: false,
      code: 'registry_unavailable',
      detail: 'status list sub does not match its address',
    });
  });

  it('refuses a list signed by a credential signer (wrong role)', async () => {
    const credentialSigner = await makeLeaf(ca, 'credentialSigner');
    const { s } = source(fresh(await token({ signer: credentialSigner })));
    const answer = await s.getStatus(at(0));
    expect(answer).toMatchObject({ ok: false, code: 'registry_unavailable' });
    expect((answer as { detail: string }).detail).toMatch(
      /^status list signer not (trusted|valid)/,
    );
  });

  it('refuses a list signed under another root', async () => {
    const stranger = await makeLeaf(await makeCa('Other Root'), 'statusListSigner');
    const { s } = source(fresh(await token({ signer: stranger })));
    const answer = await s.getStatus(at(0));
    expect(answer).toMatchObject({ ok: false, code: 'registry_unavailable' });
    expect((answer as { detail: string }).detail).toMatch(
      /^status list signer not (trusted|valid)/,
    );
  });

  it('refuses a list signed by an expired status-list signer', async () => {
    const expired = await makeLeaf(ca, 'statusListSigner', {
      notBefore: new Date(NOW.getTime() - 10 * 86_400_000),
      notAfter: new Date(NOW.getTime() - 86_400_000),
    });
    const { s } = source(fresh(await token({ signer: expired })));
    const answer = await s.getStatus(at(0));
    expect(answer).toMatchObject({ ok: false, code: 'registry_unavailable' });
    expect((answer as { detail: string }).detail).toMatch(/^status list signer not valid/);
  });

  it('refuses a list whose signature does not match', async () => {
    const bytes = await token();
    bytes[bytes.length - 1]! ^= 0x01;
    const { s } = source(fresh(bytes));
    expect(await s.getStatus(at(0))).toEqual({
      ok: false,
      code: 'registry_unavailable',
      detail: 'status list signature invalid',
    });
  });

  it('refuses bytes that are not a status list token', async () => {
    const { s } = source(fresh(new Uint8Array([0xa0])));
    const answer = await s.getStatus(at(0));
    expect(answer).toMatchObject({ ok: false, code: 'registry_unavailable' });
    expect((answer as { detail: string }).detail).toMatch(/^status list malformed/);
  });

  it('answers registry_unavailable when the list cannot be fetched', async () => {
    const { s } = source({ ok: false, detail: 'HTTP 503' });
    expect(await s.getStatus(at(0))).toEqual({
      ok: false,
      code: 'registry_unavailable',
      detail: 'status list unavailable: HTTP 503',
    });
  });

  it('answers registry_unavailable when fetching throws', async () => {
    const { s } = source(() => Promise.reject(new Error('ECONNREFUSED')));
    expect(await s.getStatus(at(0))).toMatchObject({ ok: false, code: 'registry_unavailable' });
  });
});

describe('createStatusListSource: freshness', () => {
  it('answers status_stale for a list past its exp', async () => {
    const { s } = source(fresh(await token({ exp: NOW_S - 1, iat: NOW_S - 100 })));
    const answer = await s.getStatus(at(0));
    expect(answer).toMatchObject({ ok: false, code: 'status_stale' });
  });

  it('answers status_stale for a copy fetched longer ago than its ttl', async () => {
    const bytes = await token({ ttl: 600 });
    const { s } = source({ ok: true, bytes, fetchedAt: new Date(NOW.getTime() - 601_000) });
    expect(await s.getStatus(at(0))).toMatchObject({ ok: false, code: 'status_stale' });
  });

  it('answers status_stale for a copy older than the configured maximum age', async () => {
    const bytes = await token({ ttl: 100_000 });
    const { s } = source({ ok: true, bytes, fetchedAt: new Date(NOW.getTime() - 7200_000) }, 3600);
    expect(await s.getStatus(at(0))).toMatchObject({ ok: false, code: 'status_stale' });
  });

  it('uses a cached copy that is within ttl and maximum age', async () => {
    const bytes = await token({ ttl: 3600 });
    const fetchedAt = new Date(NOW.getTime() - 1800_000);
    const { s } = source({ ok: true, bytes, fetchedAt });
    expect(await s.getStatus(at(1))).toEqual({
      ok: true,
      status: 'revoked',
      source: 'status_list',
      fetchedAt,
    });
  });

  it('refuses a list issued in the future beyond the clock skew', async () => {
    const { s } = source(fresh(await token({ iat: NOW_S + 3600 })));
    expect(await s.getStatus(at(0))).toEqual({
      ok: false,
      code: 'registry_unavailable',
      detail: 'status list issued in the future',
    });
  });
});

describe('createStatusListSource: configuration', () => {
  it('throws when no allowed URI is configured (caller misuse)', () => {
    expect(() =>
      createStatusListSource({
        fetchList: async () => ({ ok: false, detail: '' }),
        trust,
        crypto: createWebCryptoBackend(),
        now: () => NOW,
        maxAgeSeconds: 60,
        allowedUris: [],
      }),
    ).toThrow(TypeError);
  });
});
