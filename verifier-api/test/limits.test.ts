/**
 * Body limits at their defaults (64 KiB per verify, 100 batch items): the documented maximum
 * batch is reachable, and empty or overlong QR data in a well-formed request is a verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD, makeEnv, post, type Env } from './support/env';

let env: Env;
beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => env?.close());

const codes = (v: { reasons: { code: string }[] }) => v.reasons.map((r) => r.code);

async function expectMalformed(res: Response) {
  expect(res.status).toBe(200);
  const v = await res.json();
  expect(v.result).toBe('invalid');
  expect(codes(v)).toEqual(['malformed']);
}

describe('POST /v1/verify with empty or overlong QR data', () => {
  it('answers invalid/malformed for a "c" of 65,000 characters', async () => {
    await expectMalformed(await post(env.app, '/v1/verify', { c: 'A'.repeat(65_000) }));
  });

  it('answers invalid/malformed for an empty "c"', async () => {
    await expectMalformed(await post(env.app, '/v1/verify', { c: '' }));
  });

  it('answers invalid/malformed for a "url" of 65,000 characters', async () => {
    await expectMalformed(await post(env.app, '/v1/verify', { url: 'A'.repeat(65_000) }));
  });

  it('answers invalid/malformed for an empty "url"', async () => {
    await expectMalformed(await post(env.app, '/v1/verify', { url: '' }));
  });

  it('still answers 413 too-large for a body over the absolute limit', async () => {
    const res = await post(env.app, '/v1/verify', { c: 'A'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      type: 'https://dqcv.invalid/problems/too-large',
    });
  });
});

describe('POST /v1/verify/batch at the documented maximum', () => {
  it('verifies 100 real PS256 URLs in one request', async () => {
    // An issuer name of realistic length makes the URL ~750 characters, as real ones are.
    const url = env.url({ ...RECORD, IA: '国土交通省関東運輸局試験交付事務所'.repeat(4) });
    expect(url.length).toBeGreaterThan(700);
    const body = JSON.stringify({ items: Array.from({ length: 100 }, () => ({ url })) });
    expect(body.length).toBeGreaterThan(env.config.limits.jsonBytes);
    const res = await post(env.app, '/v1/verify/batch', body);
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results).toHaveLength(100);
    expect(results.every((v: { result: string }) => v.result === 'valid')).toBe(true);
  });

  it('gives empty and overlong items their own malformed verdict and the others theirs', async () => {
    const items = [{ c: '' }, { url: env.url() }, { url: 'A'.repeat(65_000) }];
    const res = await post(env.app, '/v1/verify/batch', { items });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results.map((v: { result: string }) => v.result)).toEqual([
      'invalid',
      'valid',
      'invalid',
    ]);
    expect(codes(results[0])).toEqual(['malformed']);
    expect(codes(results[2])).toEqual(['malformed']);
  });
});
