/**
 * The whole story over HTTP against `npm start`'s entry (issue 4, "Done when"): issue → valid →
 * one payload byte changed → suspended → reinstated → revoked → superseded → signer revoked →
 * registry unreachable, each step checked through POST /v1/verify, a PDF upload and the /w/
 * page's text. Every cache is set to zero, so each step sees the registry's current answer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCertificatePdf } from '@dqcv/issuer';
import { adminClient, tamper, type AdminClient, type Issued } from '../src/admin-client';
import { startNpmStart, type Started } from './support/process';

const HOLDER = { holderName: '検証 歩美', birthDate: '1991-03-15', registrationNumber: '777001' };
const BASE_RECORD = {
  qualificationName: '小型船舶操縦士',
  issuingBody: 'DQCV デモ交付機関',
  ...HOLDER,
};

let a: Started;
let admin: AdminClient;
beforeAll(async () => {
  a = await startNpmStart();
  admin = adminClient(a.base, readFileSync(join(a.dataDir, 'admin-token'), 'utf8').trim());
});
afterAll(async () => a?.stop());

interface Seen {
  result: string;
  codes: string[];
}

async function viaApi(base: string, url: string): Promise<Seen> {
  const res = await fetch(`${base}/v1/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  expect(res.status).toBe(200);
  const v = await res.json();
  return { result: v.result, codes: v.reasons.map((r: { code: string }) => r.code) };
}

async function viaPdf(base: string, url: string): Promise<Seen> {
  const pdf = await renderCertificatePdf({ ...BASE_RECORD, issueDate: '2026-01-01', url });
  const form = new FormData();
  form.append(
    'file',
    new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
    'certificate.pdf',
  );
  const res = await fetch(`${base}/v1/verify/file`, { method: 'POST', body: form });
  expect(res.status).toBe(200);
  const v = await res.json();
  return { result: v.result, codes: v.reasons.map((r: { code: string }) => r.code) };
}

async function pageText(base: string, url: string): Promise<string> {
  const res = await fetch(`${base}/w/${new URL(url).search}`);
  expect(res.status).toBe(200);
  return (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

/** The same verdict through the API, a PDF upload and the page. */
async function expectEverywhere(url: string, result: string, codes: string[], line: string) {
  expect(await viaApi(a.base, url)).toEqual({ result, codes });
  expect(await viaPdf(a.base, url)).toEqual({ result, codes });
  expect(await pageText(a.base, url)).toContain(line);
}

describe('the whole story over HTTP (npm start)', { timeout: 120_000 }, () => {
  let issued: Issued;
  let signerIssued: Issued;

  it('seeds the demo certificates on first start', async () => {
    const demo = JSON.parse(readFileSync(join(a.dataDir, 'demo.json'), 'utf8'));
    expect(demo).toHaveLength(5);
    expect(a.stderr()).toContain('admin token   in');
    expect((await viaApi(a.base, demo[0].url)).result).toBe('valid');
    expect((await viaApi(a.base, demo[4].url)).codes).toEqual(['signature_invalid']);
  });

  it('issue → valid', async () => {
    issued = await admin.issue({ ...BASE_RECORD, alg: 'PS256' });
    await expectEverywhere(issued.url, 'valid', [], '検証結果：有効です');
  });

  it('one payload byte changed → signature_invalid', async () => {
    const url = tamper(issued.url, HOLDER.registrationNumber);
    await expectEverywhere(
      url,
      'invalid',
      ['signature_invalid'],
      '検証結果：無効です（署名が正しくありません',
    );
  });

  it('suspended → qualification_suspended', async () => {
    await admin.setStatus(issued.certificateId, 'suspended');
    await expectEverywhere(
      issued.url,
      'invalid',
      ['qualification_suspended'],
      '無効です（資格は一時停止されています）',
    );
  });

  it('reinstated → valid', async () => {
    await admin.setStatus(issued.certificateId, 'active');
    await expectEverywhere(issued.url, 'valid', [], '検証結果：有効です');
  });

  it('revoked → qualification_revoked', async () => {
    await admin.setStatus(issued.certificateId, 'revoked');
    await expectEverywhere(
      issued.url,
      'invalid',
      ['qualification_revoked'],
      '無効です（資格は取り消されています）',
    );
  });

  it('superseded → certificate_superseded, the new one valid', async () => {
    const first = await admin.issue({ ...BASE_RECORD, registrationNumber: '777002', alg: 'PS256' });
    const second = await admin.reissue(first.registrationId, { holderName: '検証 歩美（新姓）' });
    await expectEverywhere(
      first.url,
      'invalid',
      ['certificate_superseded'],
      'この資格者証は新しいものに置き換えられています',
    );
    expect(await viaApi(a.base, second.url)).toEqual({ result: 'valid', codes: [] });
  });

  it('signer certificate revoked → signer_certificate_revoked', async () => {
    signerIssued = await admin.issue({
      ...BASE_RECORD,
      registrationNumber: '777003',
      alg: 'ES256',
    });
    expect((await viaApi(a.base, signerIssued.url)).result).toBe('valid');
    await admin.revokeSigner(signerIssued.kid);
    await expectEverywhere(
      signerIssued.url,
      'invalid',
      ['signer_certificate_revoked'],
      '署名者の証明書は失効しています',
    );
  });

  it('bad requests → 4xx problem documents, never a 5xx', async () => {
    const send = (path: string, body: BodyInit, type = 'application/json') =>
      fetch(`${a.base}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [Promise<Response>, number, string][] = [
      [send('/v1/verify', '{"url":'), 400, 'not-json'],
      [send('/v1/verify', '{}'), 400, 'invalid-request'],
      [send('/v1/verify', JSON.stringify({ c: 'A'.repeat(70_000) })), 413, 'too-large'],
      [
        send('/v1/verify', 'url=x', 'application/x-www-form-urlencoded'),
        415,
        'unsupported-media-type',
      ],
      [
        send('/v1/verify/batch', JSON.stringify({ items: Array(101).fill({ c: 'AA' }) })),
        400,
        'batch-too-long',
      ],
    ];
    for (const [pending, status, kind] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await res.json()).type).toBe(`https://dqcv.invalid/problems/${kind}`);
    }
    const garbagePdf = new FormData();
    garbagePdf.append(
      'file',
      new Blob(['%PDF-1.7 not really'], { type: 'application/pdf' }),
      'x.pdf',
    );
    const res = await fetch(`${a.base}/v1/verify/file`, { method: 'POST', body: garbagePdf });
    expect(res.status).toBe(200);
    expect((await res.json()).reasons[0].code).toBe('no_qr_found');
  });

  it(
    'registry unreachable (a verifier pointed at a stopped registry) → indeterminate',
    { timeout: 180_000 },
    async () => {
      const url = (
        await admin.issue({ ...BASE_RECORD, registrationNumber: '777004', alg: 'PS256' })
      ).url;
      const pki = (name: string) => readFileSync(join(a.dataDir, 'pki', name), 'utf8');
      const configFile = join(a.dataDir, 'verifier-b.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          verificationHosts: [a.base],
          trust: {
            anchors: [
              { certificate: pki('root.cert.pem'), crlUrl: `${a.base}/registry/ca/root.crl` },
            ],
            signers: [{ kid: 'D-000001', certificate: pki('signers/D-000001.cert.pem') }],
          },
          registry: { baseUrl: `${a.base}/registry` },
          timeouts: { fetchMs: 1000 },
        }),
      );
      const b = await startNpmStart({ DQCV_CONFIG: configFile });
      try {
        expect(await viaApi(b.base, url)).toEqual({ result: 'valid', codes: [] });
        await a.stop();

        const started = Date.now();
        const seen = await viaApi(b.base, url);
        expect(Date.now() - started).toBeLessThan(5000);
        expect(seen.result).toBe('indeterminate');
        expect(seen.codes).toContain('registry_unavailable');
        expect((await viaPdf(b.base, url)).result).toBe('indeterminate');
        expect(await pageText(b.base, url)).toContain('検証結果：確認できません（');
      } finally {
        await b.stop();
      }
    },
  );

  it('logged no credential contents', () => {
    const logs = a.stdout();
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    for (const secret of [
      HOLDER.holderName,
      HOLDER.birthDate,
      HOLDER.registrationNumber,
      issued.c.slice(0, 32),
    ]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain('?c=');
  });
});
