/** GET /w/?c=…: the human page a phone's camera app opens. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD, makeEnv, type Env } from './support/env';
import { serve } from './support/http';

let env: Env;
beforeAll(async () => {
  env = await makeEnv();
});
afterAll(async () => env?.close());

const pageOf = (url: string, headers: Record<string, string> = {}) =>
  env.app.request(`/w/${new URL(url).search}`, { headers });

/** The visible text of the page, tags removed. */
const text = async (res: Response) =>
  (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('GET /w/ (verification page)', () => {
  it('shows a valid certificate in Japanese with the official parts', async () => {
    const res = await pageOf(env.url());
    expect(res.status).toBe(200);
    const html = await res.clone().text();
    const t = await text(res);
    expect(html).toContain('<html lang="ja">');
    expect(t).toContain('有効性確認');
    expect(t).toContain('確認日時');
    expect(t).toContain('検証結果：有効です');
    expect(t).toContain('登録情報');
    expect(t).toContain(`資格名 ${RECORD.CN}`);
    expect(t).toContain(`名前 ${RECORD.UN}`);
    expect(t).toContain(`登録番号 ${RECORD.RN}`);
    expect(t).toContain(`発行機関 ${RECORD.IA}`);
    expect(html).toMatch(/<details>\s*<summary>証明書情報<\/summary>/);
    expect(t).toContain('Openssl Test Signer');
  });

  it('shows a tampered certificate as 無効です with the reason, hiding the details', async () => {
    const url = env.url();
    const bytes = Buffer.from(new URL(url).searchParams.get('c')!, 'base64url');
    bytes[bytes.indexOf(Buffer.from('123456'))] = '7'.charCodeAt(0);
    const t = await text(await pageOf(`${url.split('?')[0]}?c=${bytes.toString('base64url')}`));
    expect(t).toContain('検証結果：無効です（署名が正しくありません。改ざんの可能性があります）');
    expect(t).not.toContain(RECORD.UN);
    expect(t).toContain('署名を確認できないため、登録情報は表示しません。');
  });

  it('shows a suspended qualification as 無効です（資格は一時停止されています）', async () => {
    env.statuses.set('C-0001', 'suspended');
    try {
      const t = await text(await pageOf(env.url()));
      expect(t).toContain('検証結果：無効です（資格は一時停止されています）');
    } finally {
      env.statuses.set('C-0001', 'active');
    }
  });

  it('shows 確認できません with the reason when the registry cannot answer', async () => {
    const dead = await serve(() => undefined);
    await dead.close();
    const stopped = await makeEnv({ registry: { baseUrl: `${dead.base}/registry` } }, env.pki);
    try {
      const t = await text(await stopped.app.request(`/w/${new URL(stopped.url()).search}`));
      expect(t).toContain('検証結果：確認できません（');
      expect(t).toContain('資格の状態を確認できませんでした');
    } finally {
      await stopped.registry.close();
    }
  });

  it('speaks English for ?lang=en', async () => {
    const res = await env.app.request(`/w/${new URL(env.url()).search}&lang=en`);
    const t = await text(res);
    expect(t).toContain('Validity check');
    expect(t).toContain('Result: ');
    expect(res.headers.get('content-language')).toBe('en');
  });

  it('speaks English for Accept-Language en', async () => {
    const t = await text(await pageOf('https://x/w/?c=AAAA', { 'accept-language': 'en' }));
    expect(t).toContain('Result: Invalid (The certificate data is not well-formed)');
  });

  it('accepts a value whose + a query parser turned into a space', async () => {
    const t = await text(await env.app.request('/w/?c=AAAA+'));
    expect(t).toContain('検証結果：無効です（証明書データの形式が正しくありません）');
  });

  it('runs no script and loads nothing from another origin', async () => {
    const res = await pageOf(env.url());
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('script-src');
    const html = await res.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)[^"]*\.(js|css)/);
  });

  it('never sends the credential on in a Referer and is never cached', async () => {
    const res = await pageOf(env.url());
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('fits a phone screen', async () => {
    const html = await (await pageOf(env.url())).text();
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"');
  });

  it('serves its stylesheet from our origin', async () => {
    const res = await env.app.request('/w/style.css');
    expect(res.headers.get('content-type')).toContain('text/css');
  });

  it('answers 400 with a readable page when there is no c', async () => {
    const res = await env.app.request('/w/');
    expect(res.status).toBe(400);
    expect(await text(res)).toContain('確認する資格者証のデータがありません');
  });
});
