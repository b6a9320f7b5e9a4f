/**
 * QR text → the signed bytes it carries. A QR holds either a verification URL
 * (`https://dqcvs.nqs.go.jp/w/?c=<value>`, or our own host's) or, pasted by hand, the bare value.
 * The value is base64url in the real format; readers also meet standard base64, missing padding,
 * percent-encoding, and `+` that some query parser already turned into a space (DESIGN §2).
 */
import { decodeBase64Into } from './base64';
import { ownBytes, type ByteAllocator } from './pool';

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
  return readQrText(text, options, ownBytes);
}

/** {@link parseQrText} with the bytes from `alloc` (the verification's pool). */
export function readQrText(
  text: string,
  options: QrTextOptions,
  alloc: ByteAllocator,
): QrTextResult {
  if (typeof text !== 'string') throw new TypeError('parseQrText: text must be a string');
  const maxChars = options.maxChars ?? DEFAULT_MAX_QR_CHARS;
  if (text.length > maxChars) {
    return { ok: false, code: 'malformed', detail: `text longer than ${maxChars} characters` };
  }

  const trimmed = text.trim();
  const fast = fastCredential(trimmed, options.verificationHosts, alloc);
  if (fast !== undefined) return fast;
  if (SCHEME.test(trimmed)) return parseUrl(trimmed, options.verificationHosts, alloc);
  return decodeValue(trimmed, 'bare', alloc);
}

/**
 * The common case without a URL parser: the text is exactly `<base>/w/?c=<value>` as our issuer
 * and the real one write it, with the base in its serialised form and a value of base64
 * characters only (no `&`, `#`, `%` or space). The URL parser would give the same origin, path
 * and single `c` parameter for such a text; anything else takes the full path below. The value
 * is decoded first: only when that fails does its alphabet decide between a malformed value and
 * the full path.
 */
function fastCredential(
  text: string,
  hosts: readonly string[],
  alloc: ByteAllocator,
): QrTextResult | undefined {
  const prefixes = credentialPrefixes(hosts);
  if (prefixes === null) return undefined;
  for (const prefix of prefixes) {
    if (!text.startsWith(prefix)) continue;
    const value = text.slice(prefix.length);
    if (value === '') return { ok: false, code: 'malformed', detail: 'empty value' };
    const bytes = decodeBase64Into(value, alloc);
    if (bytes !== null) return { ok: true, bytes, source: 'url' };
    for (let i = 0; i < value.length; i++) {
      if (!BASE64_CHAR[value.charCodeAt(i)]) return undefined;
    }
    return notBase64();
  }
  return undefined;
}

function notBase64(): QrTextResult {
  return { ok: false, code: 'malformed', detail: 'not base64 or base64url' };
}

/** 1 for the characters of either base64 alphabet and `=`. */
const BASE64_CHAR: Uint8Array = (() => {
  const table = new Uint8Array(128);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=';
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
})();

/**
 * The parsed form of a configured verification base, or a TypeError: a base that is not an
 * http: or https: URL is a mistake of the caller. Other schemes have an opaque origin ("null",
 * WHATWG URL §4.5), so comparing origins would let every such URL match the base.
 *
 * @example
 * verificationBase('https://dqcvs.nqs.go.jp', 'parseQrText').origin // 'https://dqcvs.nqs.go.jp'
 * verificationBase('gopher://h', 'parseQrText') // throws TypeError
 */
export function verificationBase(base: unknown, caller: string): URL {
  // URL.canParse then the constructor: URL.parse is newer than the runtimes we support.
  const parsed = typeof base === 'string' && URL.canParse(base) ? new URL(base) : null;
  if (parsed === null) {
    throw new TypeError(`${caller}: verification host ${String(base)} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`${caller}: verification host ${String(base)} is not an http(s) URL`);
  }
  return parsed;
}

/** The last hosts list seen and its prefixes: a verifier passes the same list every time. */
let lastHosts: readonly string[] = [];
let lastCopy: readonly string[] = [];
let lastPrefixes: readonly string[] | null = [];

/**
 * `<origin><path>/w/?c=` of each base URL; null when one of them carries user information (the
 * full path below decides those). Throws for a base that is not an http(s) URL.
 */
function credentialPrefixes(hosts: readonly string[]): readonly string[] | null {
  if (hosts === lastHosts && sameList(hosts, lastCopy)) return lastPrefixes;
  let prefixes: string[] | null = [];
  for (const base of hosts) {
    const parsed = verificationBase(base, 'parseQrText');
    if (parsed.username !== '' || parsed.password !== '') {
      prefixes = null;
      break;
    }
    prefixes.push(`${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}/w/?c=`);
  }
  lastHosts = hosts;
  lastCopy = [...hosts];
  lastPrefixes = prefixes;
  return prefixes;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function parseUrl(text: string, hosts: readonly string[], alloc: ByteAllocator): QrTextResult {
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
      // One wording for a foreign host and for a configured host on another scheme, port or
      // path: either way the URL is not `<base>/w/?c=` of a base we verify.
      detail: 'the URL is not <base>/w/?c= of a configured verification base',
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
  return decodeValue(values[0]!, 'url', alloc);
}

/** Whether the URL is `<base>/w/` (or `<base>/w`) of a configured base URL. */
function matchesBase(url: URL, base: string): boolean {
  const parsed = verificationBase(base, 'parseQrText');
  if (parsed.origin !== url.origin) return false;
  const prefix = parsed.pathname.replace(/\/+$/, '');
  return url.pathname === `${prefix}/w/` || url.pathname === `${prefix}/w`;
}

function decodeValue(raw: string, source: 'url' | 'bare', alloc: ByteAllocator): QrTextResult {
  let value: string;
  try {
    value = raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    return { ok: false, code: 'malformed', detail: 'bad percent-encoding' };
  }
  // A `+` that a form decoder turned into a space is still a `+` of standard base64.
  value = value.replace(/ /g, '+');
  if (value === '') return { ok: false, code: 'malformed', detail: 'empty value' };
  const bytes = decodeBase64Into(value, alloc);
  if (bytes === null) return notBase64();
  return { ok: true, bytes, source };
}
