/**
 * Privacy of the logs: the whole story of one certificate runs against the `npm start` host
 * with its logging on (JSON lines on stdout, as deployed): issue, verify by URL, by payload, in
 * a batch, on the page, by image upload, with a receipt; suspend, reissue after a name change,
 * read the history; tampered and truncated variants. Then no line the process wrote may hold the
 * holder's name, birth date, registration number, or any part of a `c` value.
 */
import { qrPng } from '@dqcv/issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startHost, type Host } from '../reliability/support/host';

const PERSON = {
  holderName: '秘匿 花子テスト',
  newName: '改姓 花子テスト',
  birthDate: '1961-02-03',
  registrationNumber: '7319468250',
};

let host: Host;
const secrets: { label: string; text: string }[] = [];

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${host.base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text };
}

const admin = (method: string, path: string, body?: unknown) =>
  call(method, `/registry/admin/v1${path}`, body, { authorization: `Bearer ${ADMIN_TOKEN}` });

/**
 * The forms a text takes inside a logged `c` value: its UTF-8 bytes in base64url at each of the
 * three byte alignments, without the edge characters that depend on the neighbouring bytes.
 */
function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text);
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64url');
    return encoded.slice(pad === 0 ? 0 : pad + 1, -2);
  });
}

/** The credential's URL, its whole `c`, and the tail of its signature (unique to it). */
function rememberCredential(url: string): void {
  const c = new URL(url).searchParams.get('c') ?? '';
  secrets.push(
    { label: 'credential URL', text: url },
    { label: 'c', text: c },
    { label: 'signature part of c', text: c.slice(-40) },
  );
}

function rememberPersonal(label: string, text: string): void {
  secrets.push({ label, text });
  for (const form of base64Forms(text))
    secrets.push({ label: `${label} inside a c value`, text: form });
}

beforeAll(async () => {
  host = await startHost({ env: { DQCV_RATE_LIMIT_MAX: '0' } });
  const issued = await admin('POST', '/issue', {
    qualificationName: '小型船舶操縦士',
    holderName: PERSON.holderName,
    birthDate: PERSON.birthDate,
    registrationNumber: PERSON.registrationNumber,
  });
  expect(issued.status).toBe(201);
  const first = JSON.parse(issued.text) as {
    url: string;
    c: string;
    registrationId: string;
    certificateId: string;
  };
  rememberCredential(first.url);

  const tampered = first.url.slice(0, -6) + (first.url.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
  const truncated = first.url.slice(0, first.url.length - 50);
  for (const url of [first.url, tampered, truncated]) {
    await call('POST', '/v1/verify', { url });
    await call('POST', '/v1/verify?receipt=1', { url });
    await call('GET', new URL(url).pathname + new URL(url).search);
  }
  await call('POST', '/v1/verify', { c: first.c });
  await call('POST', '/v1/verify/batch', {
    items: [{ url: first.url }, { c: first.c }, { url: tampered }],
  });
  await call('POST', '/v1/verify', `{"url": "${first.url}", "holder": "${PERSON.holderName}"`);
  await call('POST', '/v1/verify', { url: first.url, extra: PERSON.birthDate });

  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(await qrPng(first.url))], { type: 'image/png' }),
    'qr.png',
  );
  const upload = await fetch(`${host.base}/v1/verify/file`, { method: 'POST', body: form });
  expect(upload.status).toBe(200);

  expect(
    (
      await admin('POST', `/certificates/${first.certificateId}/status`, {
        status: 'suspended',
        reason: `本人 ${PERSON.holderName} の申出`,
      })
    ).status,
  ).toBe(200);
  await call('POST', '/v1/verify', { url: first.url });
  await admin('POST', `/certificates/${first.certificateId}/status`, { status: 'active' });
  const reissued = await admin('POST', `/registrations/${first.registrationId}/certificates`, {
    holderName: PERSON.newName,
  });
  expect(reissued.status).toBe(201);
  const second = JSON.parse(reissued.text) as { url: string };
  rememberCredential(second.url);
  await call('POST', '/v1/verify', { url: first.url });
  await call('POST', '/v1/verify', { url: second.url });
  await admin('GET', `/certificates/${first.certificateId}`);
  await admin('GET', `/registrations/${first.registrationId}/history`);
  // A wrong request that carries personal data in a member the schema does not expect.
  await admin('POST', '/issue', { holderName: PERSON.holderName, birthDate: 'not a date' });

  rememberPersonal('holder name', PERSON.holderName);
  rememberPersonal('new holder name', PERSON.newName);
  secrets.push({ label: 'family name', text: '秘匿' });
  rememberPersonal('birth date', PERSON.birthDate);
  rememberPersonal('birth date (record form)', PERSON.birthDate.replaceAll('-', '/'));
  secrets.push({ label: 'birth date (digits)', text: PERSON.birthDate.replaceAll('-', '') });
  rememberPersonal('registration number', PERSON.registrationNumber);
  // Let the last lines reach the pipe.
  await new Promise((r) => setTimeout(r, 500));
}, 180_000);

afterAll(async () => {
  await host?.dispose();
});

describe('logs of the whole story', () => {
  it('were written: one request line per call, as JSON', () => {
    const requests = host.lines.filter((l) => l.startsWith('{') && l.includes('"event":"request"'));
    expect(requests.length).toBeGreaterThan(20);
    for (const line of requests) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('hold no holder name, birth date, registration number or part of a c value', () => {
    const leaks = host.lines.flatMap((line) =>
      secrets.filter((s) => line.includes(s.text)).map((s) => `${s.label}: ${line.slice(0, 160)}`),
    );
    expect(leaks).toEqual([]);
  });

  it('log request paths without their query string', () => {
    for (const line of host.lines.filter((l) => l.includes('"path"'))) {
      const { path } = JSON.parse(line) as { path: string };
      expect(path).not.toContain('?');
    }
  });
});
