/**
 * Signer rotation with the registry trust list: a kid missing from our cached copy makes us
 * read the list again (at most once per 10 s) before answering `unknown_signer`, and a list we
 * cannot read makes the answer indeterminate, never a certain invalid from a stale cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { createNodeVerifierApp } from '../src/node/host';
import { serve, type TestServer } from './support/http';
import { makeOpensslPki, type OpensslPki } from './support/openssl-pki';
import { BASE, KID, RECORD, post } from './support/env';

let pki: OpensslPki;
let crl: Uint8Array;
beforeAll(() => {
  pki = makeOpensslPki();
  crl = pki.crl();
});
afterAll(() => pki?.cleanup());

const codes = (v: { reasons: { code: string }[] }) => v.reasons.map((r) => r.code);

/** A registry whose trust list the test changes, and a verifier reading it with a clock. */
async function rotationEnv() {
  const state = { signers: [] as { kid: string; certificate: string }[], listDown: false };
  let offsetMs = 0;
  const registry: TestServer = await serve((req, res) => {
    const path = req.url ?? '';
    if (path === '/registry/ca/root.crl') {
      res.setHeader('content-type', 'application/pkix-crl');
      res.end(crl);
    } else if (path === '/registry/v1/trust-list') {
      if (state.listDown) {
        res.writeHead(503).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ signers: state.signers, crls: [] }));
    } else if (path === '/registry/v1/certificates/C-0001/status') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          certificateId: 'C-0001',
          status: 'active',
          updatedAt: new Date().toISOString(),
        }),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  const config = parseConfig({
    verificationHosts: [BASE],
    trust: {
      anchors: [{ certificate: pki.rootPem, crlUrl: `${registry.base}/registry/ca/root.crl` }],
      useRegistryTrustList: true,
    },
    registry: { baseUrl: `${registry.base}/registry` },
    timeouts: { fetchMs: 2000 },
    cache: { trustListMaxAgeSeconds: 300 },
    rateLimit: { max: 0, windowSeconds: 60 },
  });
  const { app } = await createNodeVerifierApp(config, {
    now: () => new Date(Date.now() + offsetMs),
  });
  const listReads = () => registry.hits.filter((h) => h === '/registry/v1/trust-list').length;
  return {
    state,
    app,
    listReads,
    advance: (ms: number) => (offsetMs += ms),
    verify: async () =>
      (await post(app, '/v1/verify', { url: pki.credential(BASE, KID, RECORD) })).json(),
    close: () => registry.close(),
  };
}

describe('an unknown kid with a registry trust list', () => {
  it('is accepted once the registry lists its signer, before the list reaches its maximum age', async () => {
    const env = await rotationEnv();
    try {
      const before = await env.verify();
      expect(before.result).toBe('invalid');
      expect(codes(before)).toEqual(['unknown_signer']);

      env.state.signers.push({ kid: KID, certificate: pki.signerPem });
      env.advance(11_000);
      const after = await env.verify();

      expect(after.result).toBe('valid');
    } finally {
      await env.close();
    }
  });

  it('re-reads the trust list at most once per 10 seconds', async () => {
    const env = await rotationEnv();
    try {
      await env.verify();
      const reads = env.listReads();
      env.advance(5_000);
      const again = await env.verify();

      expect(codes(again)).toEqual(['unknown_signer']);
      expect(env.listReads()).toBe(reads);
    } finally {
      await env.close();
    }
  });

  it('is indeterminate registry_unavailable when the trust list cannot be read', async () => {
    const env = await rotationEnv();
    try {
      env.state.listDown = true;
      const v = await env.verify();

      expect(v.result).toBe('indeterminate');
      expect(codes(v)).toEqual(['registry_unavailable']);
      const signature = v.checks.find((c: { name: string }) => c.name === 'signature');
      expect(signature).toMatchObject({ status: 'unknown', code: 'registry_unavailable' });
    } finally {
      await env.close();
    }
  });

  it('is indeterminate when the re-read fails after the list was read once', async () => {
    const env = await rotationEnv();
    try {
      await env.verify();
      env.state.listDown = true;
      env.advance(11_000);
      const v = await env.verify();

      expect(v.result).toBe('indeterminate');
      expect(codes(v)).toEqual(['registry_unavailable']);
    } finally {
      await env.close();
    }
  });
});
