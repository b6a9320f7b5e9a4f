/**
 * Requests that are wrong get RFC 9457 problem documents, never a 5xx; admin routes need the
 * bearer token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, PERSON, removeDir, startRegistry, tempDir, type RunningRegistry } from './helpers';

let r: RunningRegistry;

beforeAll(async () => {
  r = await startRegistry(await tempDir());
});

afterAll(async () => {
  await r.stop();
  await removeDir(r.dataDir);
});

async function expectProblem(res: Response, status: number, kind: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { type: string; status: number; title: string };
  expect(body.type).toBe(`https://dqcv.invalid/problems/${kind}`);
  expect(body.status).toBe(status);
  expect(body.title).toEqual(expect.any(String));
  return body as { detail?: string };
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${r.base}/registry/admin/v1${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/json', ...headers },
    body,
  });

describe('admin authentication', () => {
  it('answers 401 without a token, naming the Bearer scheme', async () => {
    const res = await fetch(`${r.base}/registry/admin/v1/issue`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(PERSON),
    });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    await expectProblem(res, 401, 'unauthorized');
  });

  it('answers 401 for a wrong token', async () => {
    await expectProblem(
      await post('/issue', JSON.stringify(PERSON), { Authorization: `Bearer ${r.token}x` }),
      401,
      'unauthorized',
    );
  });

  it('accepts the scheme name in any case (RFC 9110 §11.1)', async () => {
    const res = await post('/issue', JSON.stringify(PERSON), {
      Authorization: `bearer ${r.token}`,
    });
    expect(res.status).toBe(201);
  });

  it('answers 401 for the right token in another scheme', async () => {
    await expectProblem(
      await post('/issue', JSON.stringify(PERSON), { Authorization: `Basic ${r.token}` }),
      401,
      'unauthorized',
    );
  });

  it('guards the admin reads too', async () => {
    const res = await fetch(`${r.base}/registry/admin/v1/certificates/1234567890123456`);
    await expectProblem(res, 401, 'unauthorized');
  });
});

describe('bad requests', () => {
  it('answers 400 not-json for a body that is not JSON', async () => {
    await expectProblem(await post('/issue', '{"qualificationName":'), 400, 'not-json');
  });

  it('answers 400 invalid-request naming a missing field, without echoing values', async () => {
    const body = await expectProblem(
      await post('/issue', JSON.stringify({ holderName: '試験 花子', birthDate: '1990-04-01' })),
      400,
      'invalid-request',
    );
    expect(body.detail).toContain('qualificationName');
    expect(body.detail).not.toContain('試験');
  });

  it('answers 400 for a birth date that is not a calendar date', async () => {
    const body = await expectProblem(
      await post('/issue', JSON.stringify({ ...PERSON, birthDate: '1990-02-30' })),
      400,
      'invalid-request',
    );
    expect(body.detail).toContain('birthDate');
  });

  it('answers 400 for a birth date after today (JST), naming the field, not its value', async () => {
    const body = await expectProblem(
      await post('/issue', JSON.stringify({ ...PERSON, birthDate: '2999-01-01' })),
      400,
      'invalid-request',
    );
    expect(body.detail).toContain('birthDate');
    expect(body.detail).not.toContain('2999');
  });

  it('answers 400 for a registration date after today (JST), naming the field', async () => {
    const body = await expectProblem(
      await post('/issue', JSON.stringify({ ...PERSON, registrationDate: '2999-01-01' })),
      400,
      'invalid-request',
    );
    expect(body.detail).toContain('registrationDate');
    expect(body.detail).not.toContain('birthDate');
    expect(body.detail).not.toContain('2999');
  });

  it('accepts a registration date of today in Japan', async () => {
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const res = await post('/issue', JSON.stringify({ ...PERSON, registrationDate: today }));
    expect(res.status).toBe(201);
  });

  it('answers 400 for an unknown member', async () => {
    await expectProblem(
      await post('/issue', JSON.stringify({ ...PERSON, nmae: 'x' })),
      400,
      'invalid-request',
    );
  });

  it('answers 400 for an algorithm it does not issue with', async () => {
    await expectProblem(
      await post('/issue', JSON.stringify({ ...PERSON, alg: 'RS256' })),
      400,
      'invalid-request',
    );
  });

  it('answers 400 for a status outside the four', async () => {
    await expectProblem(
      await post('/certificates/1234567890123456/status', JSON.stringify({ status: 'expired' })),
      400,
      'invalid-request',
    );
  });

  it('answers 413 too-large for a body over the limit', async () => {
    const huge = JSON.stringify({ ...PERSON, holderName: 'あ'.repeat(20_000) });
    await expectProblem(await post('/issue', huge), 413, 'too-large');
  });

  it('answers 404 certificate-unknown for a status change of an unknown certificate', async () => {
    await expectProblem(
      await post('/certificates/1234567890123456/status', JSON.stringify({ status: 'revoked' })),
      404,
      'certificate-unknown',
    );
  });

  it('answers 404 certificate-unknown for an unknown certificate in the admin view', async () => {
    await expectProblem(
      await admin(r, '/certificates/1234567890123456'),
      404,
      'certificate-unknown',
    );
  });

  it('answers 400 for a certificate id with characters ids never have', async () => {
    await expectProblem(
      await fetch(`${r.base}/registry/v1/certificates/a%20b/status`),
      400,
      'invalid-request',
    );
  });

  it('answers 404 not-found for an unknown route', async () => {
    await expectProblem(await fetch(`${r.base}/registry/v2/nothing`), 404, 'not-found');
  });
});

describe('OpenAPI', () => {
  it('documents every route in an OpenAPI 3.1 document', async () => {
    const doc = (await (await fetch(`${r.base}/registry/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/registry/admin/v1/certificates/{certificateId}',
      '/registry/admin/v1/certificates/{certificateId}/status',
      '/registry/admin/v1/issue',
      '/registry/admin/v1/registrations/{registrationId}/certificates',
      '/registry/admin/v1/registrations/{registrationId}/history',
      '/registry/admin/v1/signers',
      '/registry/admin/v1/signers/{kid}/revoke',
      '/registry/ca/root.crl',
      '/registry/ca/root.pem',
      '/registry/v1/certificates/{certificateId}/status',
      '/registry/v1/status-lists/{listId}',
      '/registry/v1/trust-list',
    ]);
  });
});

describe('security headers', () => {
  it.each([['/registry/v1/trust-list'], ['/registry/ca/root.pem'], ['/registry/nowhere']])(
    'sends %s with nosniff and a CSP that lets nothing run or frame it',
    async (path) => {
      const res = await fetch(`${r.base}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    },
  );

  it('sends nosniff on a refused admin request too', async () => {
    const res = await fetch(`${r.base}/registry/admin/v1/signers`);
    expect(res.status).toBe(401);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
