/**
 * QR text → the signed bytes it carries. A QR holds either a verification URL
 * (`https://dqcvs.nqs.go.jp/w/?c=<value>`, or our own host's) or, pasted by hand, the bare value.
 * The value is base64url in the real format; readers also meet standard base64, missing padding,
 * percent-encoding, and `+` that some query parser already turned into a space (DESIGN §2).
 */
import { decodeBase64Any } from './base64';

/**
 * The largest QR text accepted. A version-40 QR holds at most 4,296 alphanumeric or 2,953 bytes,
 * so 8,192 characters is well above any real credential and still refuses a pasted megabyte
 * before any work is done.
 */
export const DEFAULT_MAX_QR_CHARS = 8192;

export interface QrTextOptions {
  /**
   * Base URLs whose `/w/?c=` pages are credential URLs, e.g. `https://dqcvs.nqs.go.jp` or
   * `http://127.0.0.1:8787` (scheme, host and port must match; a path is a prefix before `/w/`).
   */
  verificationHosts: readonly string[];
  /** Texts longer than this are refused before decoding (default {@link DEFAULT_MAX_QR_CHARS}). */
  maxChars?: number;
}

export type QrTextResult =
  | { ok: true; bytes: Uint8Array; source: 'url' | 'bare' }
  | { ok: false; code: 'malformed' | 'not_a_credential_url'; detail: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Parses the text of a QR code (or a pasted URL or value) into the bytes of the credential.
 * Bad text is a result, never an exception.
 *
 * @example
 * parseQrText('https://dqcvs.nqs.go.jp/w/?c=0oRDoQE4JA...', {
 *   verificationHosts: ['https://dqcvs.nqs.go.jp'],
 * }) // { ok: true, bytes: Uint8Array [...], source: 'url' }
 */
export function parseQrText(text: string, options: QrTextOptions): QrTextResult {
  if (typeof text !== 'string') throw new TypeError('parseQrText: text must be a string');
  const maxChars = options.maxChars ?? DEFAULT_MAX_QR_CHARS;
  if (text.length > maxChars) {
    return { ok: false, code: 'malformed', detail: `text longer than ${maxChars} characters` };
  }

  const trimmed = text.trim();
  if (SCHEME.test(trimmed)) return parseUrl(trimmed, options.verificationHosts);
  return decodeValue(trimmed, 'bare');
}

function parseUrl(text: string, hosts: readonly string[]): QrTextResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'malformed', detail: 'not a parseable URL' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, code: 'not_a_credential_url', detail: 'URL carries user information' };
  }
  if (!hosts.some((base) => matchesBase(url, base))) {
    return {
      ok: false,
      code: 'not_a_credential_url',
      detail: `host ${url.host} is not configured`,
    };
  }

  // The raw query, not URLSearchParams: that one turns a raw `+` of standard base64 into a space.
  const values = url.search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part === 'c' || part.startsWith('c='))
    .map((part) => part.slice(2));
  if (values.length !== 1) {
    const detail = values.length === 0 ? 'no c parameter' : 'more than one c parameter';
    return { ok: false, code: 'malformed', detail };
  }
  return decodeValue(values[0]!, 'url');
}

/** Whether the URL is `<base>/w/` (or `<base>/w`) of a configured base URL. */
function matchesBase(url: URL, base: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new TypeError(`parseQrText: verification host ${JSON.stringify(base)} is not a URL`);
  }
  if (parsed.origin !== url.origin) return false;
  const prefix = parsed.pathname.replace(/\/+$/, '');
  return url.pathname === `${prefix}/w/` || url.pathname === `${prefix}/w`;
}

function decodeValue(raw: string, source: 'url' | 'bare'): QrTextResult {
  let value: string;
  try {
    value = raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    return { ok: false, code: 'malformed', detail: 'bad percent-encoding' };
  }
  // A `+` that a form decoder turned into a space is still a `+` of standard base64.
  value = value.replace(/ /g, '+');
  if (value === '') return { ok: false, code: 'malformed', detail: 'empty value' };

  const bytes = decodeBase64Any(value);
  if (bytes === null) return { ok: false, code: 'malformed', detail: 'not base64 or base64url' };
  return { ok: true, bytes, source };
}
