/** POST /v1/verify, /v1/verify/batch and /v1/verify/file: verdicts and problem documents. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { RECORD, makeEnv, post, type Env } from './support/env';

let env: Env;
beforeAll(async () => {
  env = await makeEnv({
    limits: { jsonBytes: 4096, fileBytes: 2 * 1024 * 1024, batchMaxItems: 3 },
  });
});
afterAll(async () => env?.close());

const codes = (v: { reasons: { code: string }[] }) => v.reasons.map((r) => r.code);

async function expectProblem(res: Response, status: number, kind: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = await res.json();
  expect(body).toMatchObject({ type: `https://dqcv.invalid/problems/${kind}`, status });
  return body;
}

describe('POST /v1/verify', () => {
  it('answers a valid verdict for a QR URL', async () => {
    const res = await post(env.app, '/v1/verify', { url: env.url() });
    expect(res.status).toBe(200);
    const v = await res.json();
    expect(v.result).toBe('valid');
    expect(v.checks.map((c: { name: string; status: string }) => `${c.name}:${c.status}`)).toEqual([
      'decode:pass',
      'signature:pass',
      'signer_certificate:pass',
      'signer_revocation:pass',
      'status:pass',
    ]);
    expect(Date.parse(v.checkedAt)).not.toBeNaN();
  });

  it('accepts the bare payload as "c"', async () => {
    const c = new URL(env.url()).searchParams.get('c')!;
    const v = await (await post(env.app, '/v1/verify', { c })).json();
    expect(v.result).toBe('valid');
  });

  it('answers 200 invalid/malformed for a garbage QR text', async () => {
    const res = await post(env.app, '/v1/verify', { c: '!!!not base64!!!' });
    expect(res.status).toBe(200);
    const v = await res.json();
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['malformed']);
  });

  it('answers not_a_credential_url for a URL of another host', async () => {
    const v = await (
      await post(env.app, '/v1/verify', { url: 'https://evil.example/w/?c=AAAA' })
    ).json();
    expect(codes(v)).toEqual(['not_a_credential_url']);
  });

  it('writes messages in English for Accept-Language en', async () => {
    const res = await post(
      env.app,
      '/v1/verify',
      { c: 'AAAA' },
      { 'accept-language': 'en-US,en;q=0.9' },
    );
    const v = await res.json();
    expect(v.reasons[0].message).toBe('The certificate data is not well-formed');
  });

  it('writes messages in Japanese by default', async () => {
    const v = await (await post(env.app, '/v1/verify', { c: 'AAAA' })).json();
    expect(v.reasons[0].message).toBe('証明書データの形式が正しくありません');
  });

  it('answers a problem document for a body that is not JSON', async () => {
    await expectProblem(await post(env.app, '/v1/verify', '{"url": '), 400, 'not-json');
  });

  it('answers 415 for a body sent as text/plain', async () => {
    const res = await env.app.request('/v1/verify', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ url: env.url() }),
    });
    await expectProblem(res, 415, 'unsupported-media-type');
  });

  it('answers a problem document when neither url nor c is given', async () => {
    const body = await expectProblem(
      await post(env.app, '/v1/verify', { uri: 'x' }),
      400,
      'invalid-request',
    );
    expect(body.detail).toContain('give exactly one of "url" or "c"');
  });

  it('answers a problem document when both url and c are given', async () => {
    await expectProblem(
      await post(env.app, '/v1/verify', { url: 'a', c: 'b' }),
      400,
      'invalid-request',
    );
  });

  it('answers 413 for a body over the limit', async () => {
    await expectProblem(
      await post(env.app, '/v1/verify', { c: 'A'.repeat(5000) }),
      413,
      'too-large',
    );
  });
});

describe('POST /v1/verify/batch', () => {
  it('answers every item in order', async () => {
    const res = await post(env.app, '/v1/verify/batch', {
      items: [{ url: env.url() }, { c: 'AAAA' }, { url: env.url({ ...RECORD, DN: 'C-NOPE' }) }],
    });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results.map((v: { result: string }) => v.result)).toEqual([
      'valid',
      'invalid',
      'invalid',
    ]);
    expect(codes(results[2])).toEqual(['certificate_unknown']);
  });

  it('answers batch-too-long over the documented maximum', async () => {
    const items = Array.from({ length: 4 }, () => ({ c: 'AAAA' }));
    const body = await expectProblem(
      await post(env.app, '/v1/verify/batch', { items }),
      400,
      'batch-too-long',
    );
    expect(body.maxItems).toBe(3);
  });

  it('names the item that is not a request', async () => {
    const res = await post(env.app, '/v1/verify/batch', { items: [{ c: 'AAAA' }, { x: 1 }] });
    const body = await expectProblem(res, 400, 'invalid-request');
    expect(body.detail).toMatch(/^items\[1\]/);
  });

  it('answers a problem document for an empty batch', async () => {
    await expectProblem(
      await post(env.app, '/v1/verify/batch', { items: [] }),
      400,
      'invalid-request',
    );
  });
});

function upload(bytes: Uint8Array, type: string, name = 'upload') {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return env.app.request('/v1/verify/file', { method: 'POST', body: form });
}

describe('POST /v1/verify/file', () => {
  it('finds and verifies the QR code in a PNG photo of it', async () => {
    const png = await QRCode.toBuffer(env.url(), {
      errorCorrectionLevel: 'M',
      margin: 4,
      scale: 6,
    });
    const res = await upload(new Uint8Array(png), 'image/png', 'qr.png');
    expect(res.status).toBe(200);
    expect((await res.json()).result).toBe('valid');
  });

  it('reads a JPEG, whatever type the upload declares', async () => {
    const png = await QRCode.toBuffer(env.url(), { margin: 4, scale: 6 });
    const jpeg = await sharp(png).jpeg({ quality: 90 }).toBuffer();
    const res = await upload(new Uint8Array(jpeg), 'application/octet-stream');
    expect((await res.json()).result).toBe('valid');
  });

  it('answers the verdict no_qr_found for an image without a QR code', async () => {
    const blank = await sharp({
      create: { width: 300, height: 200, channels: 3, background: '#fff' },
    })
      .png()
      .toBuffer();
    const res = await upload(new Uint8Array(blank), 'image/png');
    expect(res.status).toBe(200);
    const v = await res.json();
    expect(v.result).toBe('invalid');
    expect(codes(v)).toEqual(['no_qr_found']);
  });

  it('scales down an image over the scan size and finds its QR code', async () => {
    const qr = await QRCode.toBuffer(env.url(), { margin: 4, scale: 40 });
    // 64 million pixels: more than the scan size, still a photo we decode (after scaling).
    const big = await sharp({
      create: { width: 8000, height: 8000, channels: 3, background: '#fff' },
    })
      .composite([{ input: qr, left: 2000, top: 2000 }])
      .png({ palette: true })
      .toBuffer();
    const res = await upload(new Uint8Array(big), 'image/png');
    expect(res.status).toBe(200);
    expect((await res.json()).result).toBe('valid');
  });

  it('answers too-large saying so for an image of absurd dimensions', async () => {
    const res = await upload(pngWithSize(await smallPng(), 20_000, 20_000), 'image/png');
    const body = await expectProblem(res, 413, 'too-large');
    expect(body.detail).toMatch(/image is too large: 20000x20000 pixels/);
  });

  it('answers 415 for a file that is not PNG, JPEG or PDF', async () => {
    const res = await upload(new TextEncoder().encode('hello'), 'image/png');
    await expectProblem(res, 415, 'unsupported-media-type');
  });

  it('answers invalid-request naming multipart for a multipart body without a boundary', async () => {
    const res = await env.app.request('/v1/verify/file', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'file=x',
    });
    const body = await expectProblem(res, 400, 'invalid-request');
    expect(body.detail).toBe('expected multipart/form-data with a "file" part');
  });

  it('answers invalid-request naming multipart for an unterminated multipart body', async () => {
    const res = await env.app.request('/v1/verify/file', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
      body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
    });
    const body = await expectProblem(res, 400, 'invalid-request');
    expect(body.detail).toBe('expected multipart/form-data with a "file" part');
  });

  it('answers a problem document when the form has no file part', async () => {
    const form = new FormData();
    form.append('other', 'x');
    const res = await env.app.request('/v1/verify/file', { method: 'POST', body: form });
    await expectProblem(res, 400, 'invalid-request');
  });
});

function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();
}

/** The PNG with its IHDR width and height rewritten (and the chunk CRC fixed, RFC 2083 §3.4). */
function pngWithSize(png: Buffer, width: number, height: number): Uint8Array {
  const out = Buffer.from(png);
  // Signature (8), IHDR length (4) and type (4), then width and height.
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return new Uint8Array(out);
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
