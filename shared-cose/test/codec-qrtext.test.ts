import { describe, expect, it } from 'vitest';
import { encodeBase64, encodeBase64Url } from '../src/codec/base64';
import { parseQrText } from '../src/codec/qrtext';

const hosts = ['https://dqcvs.nqs.go.jp', 'http://127.0.0.1:8787'];
// Bytes chosen so that standard base64 holds both '+' and '/': fb ef ff → '++//'.
const bytes = new Uint8Array([0xfb, 0xef, 0xff, 0xd2, 0x84, 0x43, 0xa1]);
const std = encodeBase64(bytes); // '++//0oRDoQ=='
const url = encodeBase64Url(bytes); // '--__0oRDoQ'

function ok(text: string) {
  const r = parseQrText(text, { verificationHosts: hosts });
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.detail}`);
  return r;
}

function refused(text: string, options: { maxChars?: number } = {}) {
  const r = parseQrText(text, { verificationHosts: hosts, ...options });
  if (r.ok) throw new Error('expected a refusal');
  return r;
}

describe('parseQrText', () => {
  it('reads base64url without padding from the real URL shape', () => {
    const r = ok(`https://dqcvs.nqs.go.jp/w/?c=${url}`);
    expect(r.bytes).toEqual(bytes);
    expect(r.source).toBe('url');
  });

  it('reads standard base64 with + and / placed raw in the query', () => {
    expect(std).toContain('+');
    expect(std).toContain('/');
    expect(ok(`https://dqcvs.nqs.go.jp/w/?c=${std}`).bytes).toEqual(bytes);
  });

  it('reads standard base64 without its padding', () => {
    expect(ok(`https://dqcvs.nqs.go.jp/w/?c=${std.replace(/=+$/, '')}`).bytes).toEqual(bytes);
  });

  it('reads base64url with padding', () => {
    expect(ok(`http://127.0.0.1:8787/w/?c=${url}==`).bytes).toEqual(bytes);
  });

  it('reads + that a query parser turned into a space', () => {
    expect(ok(`https://dqcvs.nqs.go.jp/w/?c=${std.replace(/\+/g, ' ')}`).bytes).toEqual(bytes);
  });

  it('reads a percent-encoded value', () => {
    expect(ok(`https://dqcvs.nqs.go.jp/w/?c=${encodeURIComponent(std)}`).bytes).toEqual(bytes);
  });

  it('reads the c parameter among others', () => {
    expect(ok(`https://dqcvs.nqs.go.jp/w/?lang=en&c=${url}#top`).bytes).toEqual(bytes);
  });

  it('reads a bare value, trimming the line break a scanner may add', () => {
    const r = ok(`${url}\n`);
    expect(r.bytes).toEqual(bytes);
    expect(r.source).toBe('bare');
  });

  it('accepts /w without the trailing slash and a configured base path', () => {
    const r = parseQrText(`https://example.org/dqcv/w?c=${url}`, {
      verificationHosts: ['https://example.org/dqcv/'],
    });
    expect(r.ok).toBe(true);
  });

  it('refuses a value whose length is 1 mod 4 as malformed', () => {
    const value = `${url}AAA`;
    expect(value.length % 4).toBe(1);
    const r = refused(`https://dqcvs.nqs.go.jp/w/?c=${value}`);
    expect(r.code).toBe('malformed');
  });

  it('refuses c=%zz as malformed', () => {
    expect(refused('https://dqcvs.nqs.go.jp/w/?c=%zz').code).toBe('malformed');
  });

  it('refuses an empty c as malformed', () => {
    expect(refused('https://dqcvs.nqs.go.jp/w/?c=').code).toBe('malformed');
  });

  it('refuses a URL with no c as malformed', () => {
    expect(refused('https://dqcvs.nqs.go.jp/w/?x=1').code).toBe('malformed');
  });

  it('refuses a URL with two c parameters as malformed', () => {
    expect(refused(`https://dqcvs.nqs.go.jp/w/?c=${url}&c=${url}`).code).toBe('malformed');
  });

  it('refuses mixed base64 and base64url alphabets as malformed', () => {
    expect(refused('https://dqcvs.nqs.go.jp/w/?c=ab+_').code).toBe('malformed');
  });

  it('refuses non-zero trailing bits (a second spelling of the same bytes) as malformed', () => {
    expect(refused('oR').code).toBe('malformed');
  });

  it('refuses a host that is not configured as not_a_credential_url', () => {
    expect(refused(`https://evil.example/w/?c=${url}`).code).toBe('not_a_credential_url');
  });

  it('refuses a configured host on another scheme or port as not_a_credential_url', () => {
    expect(refused(`http://dqcvs.nqs.go.jp/w/?c=${url}`).code).toBe('not_a_credential_url');
    expect(refused(`http://127.0.0.1:8788/w/?c=${url}`).code).toBe('not_a_credential_url');
  });

  it('says a configured host on another path or scheme is not <base>/w/?c= of a configured base', () => {
    for (const text of [
      `https://dqcvs.nqs.go.jp/x/?c=${url}`,
      `http://dqcvs.nqs.go.jp/w/?c=${url}`,
    ]) {
      const r = refused(text);
      expect(r.code).toBe('not_a_credential_url');
      expect(r.detail).toBe('the URL is not <base>/w/?c= of a configured verification base');
    }
  });

  it('refuses user information that disguises another host as not_a_credential_url', () => {
    const r = refused(`https://dqcvs.nqs.go.jp@evil.example/w/?c=${url}`);
    expect(r.code).toBe('not_a_credential_url');
  });

  it('refuses another path of a configured host as not_a_credential_url', () => {
    expect(refused(`https://dqcvs.nqs.go.jp/x/?c=${url}`).code).toBe('not_a_credential_url');
  });

  it('refuses text above the cap before decoding it', () => {
    const r = refused('A'.repeat(9000));
    expect(r.code).toBe('malformed');
    expect(r.detail).toMatch(/longer than 8192/);
    expect(refused(url, { maxChars: 4 }).code).toBe('malformed');
  });

  it('refuses an unparseable URL as malformed', () => {
    expect(refused('https://[::1/w/?c=AAAA').code).toBe('malformed');
  });

  it('throws when called with something other than a string', () => {
    expect(() => parseQrText(42 as unknown as string, { verificationHosts: hosts })).toThrow(
      TypeError,
    );
  });
});
