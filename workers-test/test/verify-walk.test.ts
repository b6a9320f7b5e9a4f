/**
 * The verify API's walk (issue 4) on Cloudflare Workers: the verifier and registry bundles in
 * workerd, the registry on D1, the verifier reaching it through a service binding.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { liveConfig, startDeployment, type Deployment } from '../support/deployment';
import { codes, registryAdmin, verify, type Issued } from '../support/registry-client';
import { tamperText } from '../support/tamper';

const ctx = inject('dqcvWorkers');

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('verify API on Workers (workerd, D1, service binding)', () => {
  let d: Deployment;
  let admin: ReturnType<typeof registryAdmin>;
  let issued: Issued;

  beforeAll(async () => {
    const down = liveConfig(ctx);
    const port = await closedPort();
    down.registry = { baseUrl: `http://127.0.0.1:${port}/registry` };
    down.trust = {
      ...(down.trust as object),
      anchors: [
        {
          certificate: ctx.rootCertificatePem,
          crlUrl: `http://127.0.0.1:${port}/registry/ca/root.crl`,
        },
      ],
    };
    d = await startDeployment(ctx, [
      { name: 'verifier', config: liveConfig(ctx) },
      { name: 'verifier-down', config: down, registryBinding: false },
    ]);
    admin = registryAdmin(d, ctx);
    issued = await admin.issue();
  });

  afterAll(async () => {
    await d?.close();
  });

  it('answers valid for a freshly issued credential', async () => {
    const v = await verify(d, 'verifier', { url: issued.url });
    expect(v.result).toBe('valid');
    expect(v.reasons).toEqual([]);
    expect(v.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('answers valid for an ES256 credential given as a bare payload', async () => {
    const es = await admin.issue({ alg: 'ES256' });
    const v = await verify(d, 'verifier', { c: es.c });
    expect(v.result).toBe('valid');
  });

  it('answers signature_invalid when one payload byte is changed', async () => {
    const v = await verify(d, 'verifier', { c: tamperText(issued.c, 'Hanako', 'J') });
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['signature_invalid']);
  });

  it('answers qualification_suspended while suspended, valid again once reinstated', async () => {
    await admin.setStatus(issued.certificateId, 'suspended');
    const suspended = await verify(d, 'verifier', { url: issued.url });
    expect(suspended.result).toBe('invalid');
    expect(codes(suspended)).toEqual(['qualification_suspended']);

    await admin.setStatus(issued.certificateId, 'active');
    expect((await verify(d, 'verifier', { url: issued.url })).result).toBe('valid');
  });

  it('answers qualification_revoked once revoked', async () => {
    const other = await admin.issue();
    await admin.setStatus(other.certificateId, 'revoked');
    const v = await verify(d, 'verifier', { url: other.url });
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['qualification_revoked']);
  });

  it('answers certificate_superseded for a certificate replaced by a reissue', async () => {
    const old = await admin.issue();
    const res = await admin.post(
      `/registry/admin/v1/registrations/${old.registrationId}/certificates`,
      {
        holderName: 'Hanako Atarashii',
      },
    );
    expect(res.status).toBe(201);
    const v = await verify(d, 'verifier', { url: old.url });
    expect(codes(v)).toEqual(['certificate_superseded']);
  });

  it('answers indeterminate registry_unavailable when the registry cannot be reached', async () => {
    const v = await verify(d, 'verifier-down', { url: issued.url });
    expect(v.result).toBe('indeterminate');
    expect(codes(v)).toContain('registry_unavailable');
    expect(v.checks.find((c) => c.name === 'signature')?.status).toBe('pass');
  });

  it('shows the /w/ page in Japanese with the official parts for a valid credential', async () => {
    const res = await d.fetch(
      'verifier',
      new URL(issued.url).pathname + new URL(issued.url).search,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    for (const text of ['有効性確認', '確認日時', '有効です', '登録情報', '証明書情報']) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain('無効です');
  });

  it('shows 無効です with the reason on the /w/ page for a tampered credential', async () => {
    const c = tamperText(issued.c, 'Hanako', 'J');
    const html = await (await d.fetch('verifier', `/w/?c=${c}`)).text();
    expect(html).toContain('無効です');
    expect(html).toContain('改ざん');
  });

  it('shows 確認できません on the /w/ page when the registry is down', async () => {
    const html = await (await d.fetch('verifier-down', `/w/?c=${issued.c}`)).text();
    expect(html).toContain('確認できません');
  });

  it('answers /v1/verify/file with a 501 problem document', async () => {
    const boundary = 'dqcv-test-boundary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="qr.png"\r\n` +
      `Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\r\n--${boundary}--\r\n`;
    const res = await d.fetch('verifier', '/v1/verify/file', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(501);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { type: string }).type).toMatch(/\/not-implemented$/);
  });

  it('signs a receipt with the verifier key from its secret', async () => {
    const v = await verify(d, 'verifier', { url: issued.url }, '?receipt=1');
    expect(typeof v.receipt).toBe('string');
    const keys = (await (await d.fetch('verifier', '/v1/keys')).json()) as { keys: unknown[] };
    expect(keys.keys).toHaveLength(1);
  });

  it('answers signer_certificate_revoked once the signer is on the CRL', async () => {
    await admin.revokeSigner(issued.kid);
    const v = await verify(d, 'verifier', { url: issued.url });
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['signer_certificate_revoked']);
  });
});
