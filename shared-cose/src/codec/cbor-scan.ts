/**
 * A well-formedness scan of CBOR (RFC 8949 §3, Appendix C) that runs before cbor-x ever sees the
 * bytes. cbor-x recurses once per nesting level, allocates for an announced length before it
 * reads the items, keeps the last of duplicate map keys and turns many tags into live objects;
 * this loop has an explicit stack, so hostile input is refused here in time linear in its size.
 *
 * What it refuses beyond ill-formed CBOR: nesting deeper than `maxDepth`, map keys that are not
 * an integer, a text string or a byte string, duplicate keys in any map, text that is not UTF-8
 * (RFC 8949 §3.1), simple values other than false/true/null/undefined, tags outside
 * {@link ALLOWED_TAGS}, and trailing bytes after the one top-level item.
 */

import { isUtf8 } from './utf8';

/** Default bound on nesting (arrays, maps and tags each count one level). */
export const DEFAULT_MAX_DEPTH = 16;

/**
 * The tags we read, with the major types their content may have (undefined: any). Everything
 * else (cbor-x's record, packed, shared-reference and typed-array extensions among them) is
 * refused, so no tag can make the decoder build an object we did not ask for.
 */
export const ALLOWED_TAGS: ReadonlyMap<number, readonly number[] | undefined> = new Map<
  number,
  readonly number[] | undefined
>([
  [0, [3]], // date-time text, RFC 8949 §3.4.1
  [1, [0, 1, 7]], // epoch date-time, §3.4.2
  [2, [2]], // unsigned bignum, §3.4.3
  [3, [2]], // negative bignum
  [18, [4]], // COSE_Sign1, RFC 9052 §4.2
  [21, undefined], // expected base64url, §3.4.5.2
  [22, undefined],
  [23, undefined],
  [24, [2]], // encoded CBOR data item, §3.4.5.1
  [32, [3]], // URI
  [61, [6, 4]], // CWT, RFC 8392 §6
  [100, [0, 1]], // days since 1970-01-01, RFC 8943
  [1004, [3]], // full-date text, RFC 8943
  [55799, undefined], // self-described CBOR, §3.4.6
]);

export interface CborScanOptions {
  /** Deepest nesting accepted (default {@link DEFAULT_MAX_DEPTH}). */
  maxDepth?: number;
}

/** `indefiniteStrings`: the item holds chunked strings (cbor-x cannot read them as they are). */
export type CborScanResult =
  { ok: true; indefiniteStrings: boolean } | { ok: false; detail: string };

interface Frame {
  kind: 'array' | 'map' | 'tag' | 'bytes' | 'text';
  indefinite: boolean;
  /** Items still expected (definite containers; maps count keys and values). */
  remaining: number;
  /** Items seen so far (indefinite maps need an even count at the break). */
  seen: number;
  /** Map keys seen: integers as numbers, others (and imprecise integers) as tagged strings. */
  keys?: Set<string | number>;
  /** For a tag: the major types its content may have. */
  contentMajors?: readonly number[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks that `bytes` is exactly one well-formed CBOR data item within our limits.
 *
 * @example
 * scanCbor(new Uint8Array([0x9f])) // { ok: false, detail: 'unexpected end of input at 1' }
 * scanCbor(new Uint8Array([0x81, 0x01])) // { ok: true, indefiniteStrings: false }
 */
export function scanCbor(bytes: Uint8Array, options: CborScanOptions = {}): CborScanResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('scanCbor: bytes must be a Uint8Array');
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const end = bytes.length;
  const stack: Frame[] = [];
  let pos = 0;
  let indefiniteStrings = false;

  do {
    if (pos >= end) return failed(`unexpected end of input at ${pos}`);
    const start = pos;
    const initial = bytes[pos++]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;

    // The argument (RFC 8949 §3): immediate, or 1, 2, 4 or 8 following bytes.
    let arg = info;
    if (info >= 24 && info <= 27) {
      const size = 1 << (info - 24);
      if (pos + size > end) return failed(`unexpected end of input at ${pos}`);
      arg = 0;
      for (let i = 0; i < size; i++) arg = arg * 256 + bytes[pos + i]!;
      pos += size;
    } else if (info >= 28 && info <= 30) {
      return failed(`reserved additional information ${info} at ${start}`);
    }
    const indefinite = info === 31;

    let inKeyPosition = false;
    if (parent !== undefined) {
      if (parent.kind === 'bytes' || parent.kind === 'text') {
        const want = parent.kind === 'bytes' ? 2 : 3;
        if (!(initial === 0xff || (major === want && !indefinite))) {
          return failed(`bad chunk in indefinite-length string at ${start}`);
        }
      } else if (parent.kind === 'tag') {
        if (parent.contentMajors && !parent.contentMajors.includes(major)) {
          return failed(`tag content of the wrong type at ${start}`);
        }
      } else if (parent.kind === 'map') {
        inKeyPosition = (parent.indefinite ? parent.seen : parent.remaining) % 2 === 0;
      }
    }

    let keyId: string | number | undefined;
    let problem: string | null = null;
    switch (major) {
      case 0:
      case 1: {
        if (indefinite) return failed(`indefinite-length integer at ${start}`);
        if (inKeyPosition) {
          const value = major === 0 ? arg : -1 - arg;
          keyId = Number.isSafeInteger(value) ? value : `${major}:${arg}`;
        }
        break;
      }
      case 2:
      case 3: {
        if (indefinite) {
          if (inKeyPosition) return failed(`indefinite-length map key at ${start}`);
          if (stack.length >= maxDepth) return failed(`nesting deeper than ${maxDepth}`);
          indefiniteStrings = true;
          stack.push(frame(major === 2 ? 'bytes' : 'text', true, 0));
          continue;
        }
        if (arg > end - pos) return failed(`string length beyond the input at ${start}`);
        const from = pos;
        pos += arg;
        if (major === 3) {
          const text = readText(bytes, from, pos, inKeyPosition);
          if (text === null) return failed(`text string is not UTF-8 at ${start}`);
          if (inKeyPosition) keyId = `3:${text}`;
        } else if (inKeyPosition) {
          keyId = `2:${hex(bytes.subarray(from, pos))}`;
        }
        break;
      }
      case 4:
      case 5: {
        if (inKeyPosition) return failed(`map key is not an integer, text or byte string`);
        if (stack.length >= maxDepth) return failed(`nesting deeper than ${maxDepth}`);
        // Every item takes at least one byte: a longer announcement cannot be honest.
        const perItem = major === 4 ? 1 : 2;
        if (!indefinite && arg > (end - pos) / perItem) {
          return failed(`container length beyond the input at ${start}`);
        }
        const count = indefinite ? 0 : major === 4 ? arg : arg * 2;
        if (indefinite || count > 0) {
          const f = frame(major === 4 ? 'array' : 'map', indefinite, count);
          if (major === 5) f.keys = new Set();
          stack.push(f);
          continue;
        }
        break;
      }
      case 6: {
        if (indefinite) return failed(`indefinite tag at ${start}`);
        if (inKeyPosition) return failed(`map key is not an integer, text or byte string`);
        if (!ALLOWED_TAGS.has(arg)) return failed(`tag ${arg} is not accepted`);
        if (stack.length >= maxDepth) return failed(`nesting deeper than ${maxDepth}`);
        const f = frame('tag', false, 1);
        f.contentMajors = ALLOWED_TAGS.get(arg);
        stack.push(f);
        continue;
      }
      default: {
        if (indefinite) {
          problem = closeIndefinite(stack);
          break;
        }
        if (info < 20 || info === 24) return failed(`unassigned simple value at ${start}`);
        if (inKeyPosition) return failed(`map key is not an integer, text or byte string`);
      }
    }
    if (problem === null) problem = complete(stack, keyId);
    if (problem !== null) return failed(`${problem} at ${start}`);
  } while (stack.length > 0);

  if (pos !== end) return failed(`${end - pos} trailing bytes after the item`);
  return indefiniteStrings ? WELL_FORMED_CHUNKED : WELL_FORMED;
}

const WELL_FORMED: CborScanResult = Object.freeze({ ok: true, indefiniteStrings: false });
const WELL_FORMED_CHUNKED: CborScanResult = Object.freeze({ ok: true, indefiniteStrings: true });

function failed(detail: string): CborScanResult {
  return { ok: false, detail };
}

/** Registers one completed item with its parents, closing every definite container it fills. */
function complete(stack: Frame[], keyId: string | number | undefined): string | null {
  let id = keyId;
  for (;;) {
    const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
    if (top === undefined) return null;
    if (top.kind === 'map') {
      const isKey = (top.indefinite ? top.seen : top.remaining) % 2 === 0;
      if (isKey) {
        if (id === undefined) return 'map key is not an integer, text or byte string';
        if (top.keys!.has(id)) return 'duplicate map key';
        top.keys!.add(id);
      }
    }
    top.seen++;
    if (top.indefinite) return null;
    top.remaining--;
    if (top.remaining > 0) return null;
    stack.pop();
    id = undefined;
  }
}

/**
 * Checks that bytes[from, to) is UTF-8 (RFC 8949 §3.1) and returns the text when `wanted`, ''
 * otherwise; null when it is not UTF-8. Only a map key's text is built; other strings are
 * validated in place ({@link isUtf8}), since the decoder reads them afterwards anyway.
 */
function readText(bytes: Uint8Array, from: number, to: number, wanted: boolean): string | null {
  if (!wanted) return isUtf8(bytes, from, to) ? '' : null;
  let text = '';
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) {
      text = '';
      break;
    }
    text += String.fromCharCode(b);
    if (i === to - 1) return text;
  }
  try {
    return utf8.decode(bytes.subarray(from, to));
  } catch {
    return null;
  }
}

function frame(kind: Frame['kind'], indefinite: boolean, remaining: number): Frame {
  return { kind, indefinite, remaining, seen: 0 };
}

/** Handles a break (0xff): it must close an indefinite container with a whole number of pairs. */
function closeIndefinite(stack: Frame[]): string | null {
  const top = stack[stack.length - 1];
  if (top === undefined || !top.indefinite) return 'unexpected break';
  if (top.kind === 'map' && top.seen % 2 !== 0) return 'map key without a value';
  stack.pop();
  return null;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
