/**
 * The JSON fast path in front of the verify routes' schema validators: it takes exactly the
 * documented body shapes, and whichever path a request takes, the answer is the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBatchRequest, isVerifyRequest } from '../src/routes/fast-json';
import { makeEnv, post, type Env } from './support/env';

let env: Env;
beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => env?.close());

describe('isVerifyRequest', () => {
  it('takes a url or a c alone, with or without a boolean receipt', () => {
    expect(isVerifyRequest({ url: 'x' })).toBe(true);
    expect(isVerifyRequest({ c: '' })).toBe(true);
    expect(isVerifyRequest({ url: 'x', receipt: false })).toBe(true);
  });

  it('leaves to the schema both or neither of url and c', () => {
    expect(isVerifyRequest({ url: 'x', c: 'y' })).toBe(false);
    expect(isVerifyRequest({})).toBe(false);
    expect(isVerifyRequest({ receipt: true })).toBe(false);
  });

  it('leaves to the schema mistyped members, unknown members and non-objects', () => {
    expect(isVerifyRequest({ url: 1 })).toBe(false);
    expect(isVerifyRequest({ url: 'x', receipt: 'yes' })).toBe(false);
    expect(isVerifyRequest({ url: 'x', extra: 1 })).toBe(false);
    expect(isVerifyRequest(JSON.parse('{"url":"x","__proto__":{}}'))).toBe(false);
    expect(isVerifyRequest(['x'])).toBe(false);
    expect(isVerifyRequest(null)).toBe(false);
    expect(isVerifyRequest('x')).toBe(false);
  });
});

describe('isBatchRequest', () => {
  it('takes a non-empty items array with or without a boolean receipt', () => {
    expect(isBatchRequest({ items: [{ url: 'x' }] })).toBe(true);
    expect(isBatchRequest({ items: [1], receipt: true })).toBe(true);
  });

  it('leaves to the schema an empty or missing items array and unknown members', () => {
    expect(isBatchRequest({ items: [] })).toBe(false);
    expect(isBatchRequest({})).toBe(false);
    expect(isBatchRequest({ items: {} })).toBe(false);
    expect(isBatchRequest({ items: [1], more: 1 })).toBe(false);
    expect(isBatchRequest({ items: [1], receipt: 1 })).toBe(false);
  });
});

/** The same JSON body through the fast path (plain JSON type) and the validators (+json). */
async function bothPaths(path: string, body: string) {
  const fast = await post(env.app, path, body, { 'content-type': 'application/json' });
  const slow = await post(env.app, path, body, { 'content-type': 'application/problem+json' });
  // Two verifications differ in their time of check and status fetch time only.
  const strip = (v: Record<string, unknown>): Record<string, unknown> => ({
    ...v,
    checkedAt: undefined,
    status: undefined,
  });
  return {
    fast: { status: fast.status, body: strip(await fast.json()) },
    slow: { status: slow.status, body: strip(await slow.json()) },
  };
}

describe('the same answer on either path', () => {
  it('answers a well-formed verify body with the same verdict', async () => {
    const { fast, slow } = await bothPaths('/v1/verify', JSON.stringify({ url: env.url() }));
    expect(fast).toEqual(slow);
    expect(fast.body).toMatchObject({ result: 'valid' });
  });

  it('answers a body with an unknown member as the schema does: its verdict', async () => {
    const body = JSON.stringify({ url: env.url(), note: 'ignored' });
    const { fast, slow } = await bothPaths('/v1/verify', body);
    expect(fast).toEqual(slow);
    expect(fast.body).toMatchObject({ result: 'valid' });
  });

  it('answers url and c together with the invalid-request problem', async () => {
    const { fast, slow } = await bothPaths('/v1/verify', JSON.stringify({ url: 'a', c: 'b' }));
    expect(fast).toEqual(slow);
    expect(fast.status).toBe(400);
    expect(fast.body).toMatchObject({ type: 'https://dqcv.invalid/problems/invalid-request' });
  });

  it('answers a mistyped receipt with the invalid-request problem naming it', async () => {
    const body = JSON.stringify({ url: 'a', receipt: 'yes' });
    const { fast, slow } = await bothPaths('/v1/verify', body);
    expect(fast).toEqual(slow);
    expect(fast.body).toMatchObject({ type: 'https://dqcv.invalid/problems/invalid-request' });
    expect(String(fast.body.detail)).toContain('receipt');
  });

  it('answers a body that is not JSON with the not-json problem', async () => {
    const { fast, slow } = await bothPaths('/v1/verify', '{"url": ');
    expect(fast).toEqual(slow);
    expect(fast.status).toBe(400);
    expect(fast.body).toMatchObject({ type: 'https://dqcv.invalid/problems/not-json' });
  });

  it('answers a well-formed batch with the same verdicts', async () => {
    const body = JSON.stringify({ items: [{ url: env.url() }, { c: '' }] });
    const { fast, slow } = await bothPaths('/v1/verify/batch', body);
    const results = (a: { body: unknown }) =>
      (a.body as { results: { result: string }[] }).results.map((v) => v.result);
    expect(fast.status).toBe(200);
    expect(results(fast)).toEqual(['valid', 'invalid']);
    expect(results(slow)).toEqual(results(fast));
  });

  it('answers an empty batch with the invalid-request problem', async () => {
    const { fast, slow } = await bothPaths('/v1/verify/batch', JSON.stringify({ items: [] }));
    expect(fast).toEqual(slow);
    expect(fast.body).toMatchObject({ type: 'https://dqcv.invalid/problems/invalid-request' });
  });
});
