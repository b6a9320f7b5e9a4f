/**
 * The verifier checks certificates of an issuer it did not create: CA, signer, CRL and
 * credential come from the openssl command line (support/openssl-pki.ts), trust from config.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KID, RECORD, makeEnv, post, type Env } from './support/env';
import { serve } from './support/http';

let env: Env;
beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => env?.close());

async function verify(url: string) {
  const res = await post(env.app, '/v1/verify', { url });
  expect(res.status).toBe(200);
  return res.json();
}

describe('a credential made with openssl, trusted through configuration', () => {
  it('is valid, with its signer validated to the configured anchor', async () => {
    const v = await verify(env.url());
    expect(v.result).toBe('valid');
    expect(v.reasons).toEqual([]);
    expect(v.signer).toMatchObject({ kid: KID, alg: 'PS256', trust: 'chain' });
    expect(v.signer.subject).toContain('Openssl Test Signer');
    expect(v.credential).toMatchObject({ holderName: RECORD.UN, certificateId: 'C-0001' });
  });

  it('is signature_invalid when one payload byte is changed', async () => {
    const url = env.url();
    const bytes = Buffer.from(new URL(url).searchParams.get('c')!, 'base64url');
    const at = bytes.indexOf(Buffer.from('123456'));
    bytes[at] = '9'.charCodeAt(0);
    const v = await verify(`${url.split('?')[0]}?c=${bytes.toString('base64url')}`);
    expect(v.result).toBe('invalid');
    expect(v.reasons.map((r: { code: string }) => r.code)).toEqual(['signature_invalid']);
  });

  it('is qualification_suspended when the registry says so', async () => {
    env.statuses.set('C-0001', 'suspended');
    try {
      const v = await verify(env.url());
      expect(v.result).toBe('invalid');
      expect(v.reasons.map((r: { code: string }) => r.code)).toEqual(['qualification_suspended']);
    } finally {
      env.statuses.set('C-0001', 'active');
    }
  });

  it('is certificate_unknown for an id the registry has no record of', async () => {
    const v = await verify(env.url({ ...RECORD, DN: 'C-NOPE' }));
    expect(v.reasons.map((r: { code: string }) => r.code)).toEqual(['certificate_unknown']);
  });

  it('is unknown_signer under a kid nobody configured', async () => {
    const url = env.pki.credential('https://verify.test', 'X-999999', RECORD);
    const v = await verify(url);
    expect(v.reasons.map((r: { code: string }) => r.code)).toEqual(['unknown_signer']);
  });

  it('is indeterminate, registry_unavailable, when the registry does not answer', async () => {
    const stopped = await serve(() => undefined);
    await stopped.close();
    const down = await makeEnv({ registry: { baseUrl: `${stopped.base}/registry` } }, env.pki);
    try {
      const res = await post(down.app, '/v1/verify', { url: down.url() });
      const v = await res.json();
      expect(v.result).toBe('indeterminate');
      expect(v.reasons.map((r: { code: string }) => r.code)).toEqual(['registry_unavailable']);
    } finally {
      await down.registry.close();
    }
  });

  it('is signer_certificate_revoked once the CA revokes the signer (openssl ca -revoke)', async () => {
    env.revokeSigner();
    const v = await verify(env.url());
    expect(v.result).toBe('invalid');
    expect(v.reasons.map((r: { code: string }) => r.code)).toEqual(['signer_certificate_revoked']);
  });
});
