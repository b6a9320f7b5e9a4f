/**
 * A one-pass CBOR decoder (RFC 8949 §3) for the verification hot path: the COSE_Sign1 envelope,
 * its protected header and the credential payload. It checks well-formedness while it builds
 * the values, by the rules of {@link scanCbor} (depth limit, lengths checked before anything is
 * allocated, duplicate map keys, allowed tags and their content types, strict UTF-8, no trailing
 * bytes), refusing with the scan's own details, and it builds the values that cbor-x builds after
 * a successful scan: `Map` for maps, byte strings as views of the input, BigInt for 8-byte
 * integers and bignums (tags 2, 3), `Date` for tags 0 and 1, tag 55799 dropped (kept around
 * undefined, as cbor-x keeps it), other tags as `{tag, value}`. So `readCbor(b)` and
 * `decodeCbor(b)` give equal answers for every input (test/codec-cbor-read.test.ts holds them
 * to it), in one walk instead of a scan and a decode.
 *
 * It recurses once per nesting level: a limit above {@link MAX_RECURSIVE_DEPTH} takes
 * decodeCbor's explicit-stack scan instead.
 */
import { decodeCbor, type CborDecodeResult } from './cbor';
import { ALLOWED_TAGS, DEFAULT_MAX_DEPTH, type CborScanOptions } from './cbor-scan';
import { decodeUtf8, isUtf8, JS_DECODE_MAX_BYTES } from './utf8';

/** The deepest limit this decoder serves; deeper ones go to decodeCbor. */
export const MAX_RECURSIVE_DEPTH = 64;

/** A tag we do not interpret, in cbor-x's shape (what `isTag` recognises). */
export class CborTag {
  constructor(
    readonly value: unknown,
    readonly tag: number,
  ) {}
}

/** Where an item stands: anywhere, as a map key, or as a tag's content (with its major types). */
const ANYWHERE = 0;
const KEY = 1;
const TAG_CONTENT = 0x100;

/** Each allowed tag → TAG_CONTENT plus a bit per major type its content may have. */
const TAG_MODES: ReadonlyMap<number, number> = new Map(
  [...ALLOWED_TAGS].map(([tag, majors]): [number, number] => [
    tag,
    TAG_CONTENT | (majors === undefined ? 0xff : majors.reduce((m, major) => m | (1 << major), 0)),
  ]),
);

const SELF_DESCRIBED = 55799;

/** A refusal inside the walk; caught at the top and returned as a result, never thrown out. */
class Refusal {
  constructor(readonly detail: string) {}
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * Decodes exactly one CBOR data item, refusing what scanCbor refuses.
 *
 * @example
 * readCbor(new Uint8Array([0xa1, 0x01, 0x26])) // { ok: true, value: Map { 1 => -7 } }
 * readCbor(new Uint8Array([0xa2, 0x01, 0x26, 0x01, 0x26])) // { ok: false, detail: 'duplicate map key at 3' }
 */
export function readCbor(bytes: Uint8Array, options: CborScanOptions = {}): CborDecodeResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('readCbor: bytes must be a Uint8Array');
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!(maxDepth <= MAX_RECURSIVE_DEPTH)) return decodeCbor(bytes, options);
  const reader = new Reader(bytes, maxDepth);
  try {
    const value = reader.item(0, ANYWHERE);
    if (reader.pos !== bytes.length) {
      return { ok: false, detail: `${bytes.length - reader.pos} trailing bytes after the item` };
    }
    return reader.deferred === null ? { ok: true, value } : { ok: false, detail: reader.deferred };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, detail: error.detail };
    throw error;
  }
}

/**
 * For a map read by {@link readCborPairs}: the slot of a key's value in the caller's array, or
 * -1 to check the value and drop it.
 */
export type SlotOf = (key: unknown) => number;

/**
 * Reads `bytes` as {@link readCbor} does when they hold one map, handing each value to
 * `slots[slotOf(key)]` instead of building a Map (a later duplicate value, which the scan allows
 * only for keys that differ, overwrites as in a Map). Returns undefined, having read nothing,
 * when the item is not a map or the depth limit is beyond this decoder: the caller then decodes
 * it whole with readCbor.
 *
 * @example
 * const slots: unknown[] = [];
 * readCborPairs(bytes, {}, (k) => (k === 'CN' ? 0 : -1), slots); // { ok: true, value: undefined }
 */
export function readCborPairs(
  bytes: Uint8Array,
  options: CborScanOptions,
  slotOf: SlotOf,
  slots: unknown[],
): CborDecodeResult | undefined {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const first = bytes[0];
  const isMap = first !== undefined && first >> 5 === 5 && ((first & 0x1f) < 28 || first === 0xbf);
  if (!isMap || !(maxDepth <= MAX_RECURSIVE_DEPTH)) return undefined;
  const reader = new Reader(bytes, maxDepth);
  try {
    const start = reader.pos;
    const info = reader.head();
    reader.deeper(0);
    if (info !== 31 && reader.arg > (bytes.length - reader.pos) / 2) {
      throw new Refusal(`container length beyond the input at ${start}`);
    }
    reader.pairs(info === 31 ? -1 : reader.arg, slotOf, slots);
    if (reader.pos !== bytes.length) {
      return { ok: false, detail: `${bytes.length - reader.pos} trailing bytes after the item` };
    }
    return reader.deferred === null ? PAIRS_READ : { ok: false, detail: reader.deferred };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, detail: error.detail };
    throw error;
  }
}

const PAIRS_READ: CborDecodeResult = Object.freeze({ ok: true, value: undefined });

class Reader {
  pos = 0;
  /** The argument of the last head (for an 8-byte one, as the scan computes it: a double). */
  arg = 0;
  /** A map key's identity when it is not the key value itself (see `map`), else undefined. */
  keyId: string | number | undefined = undefined;
  /** cbor-x's own error for a scanned-well item (tag 1 of a BigInt), reported after the walk. */
  deferred: string | null = null;

  constructor(
    readonly b: Uint8Array,
    readonly maxDepth: number,
  ) {}

  /** One item at nesting `depth` (frames open around it), in `mode`. */
  item(depth: number, mode: number): unknown {
    const b = this.b;
    const start = this.pos;
    const info = this.head();
    const major = b[start]! >> 5;
    if (mode >= TAG_CONTENT && (mode & (1 << major)) === 0) {
      throw new Refusal(`tag content of the wrong type at ${start}`);
    }
    const indefinite = info === 31;

    switch (major) {
      case 0:
      case 1:
        if (indefinite) throw new Refusal(`indefinite-length integer at ${start}`);
        return this.integer(major, info, start, mode === KEY);
      case 2:
      case 3:
        if (indefinite) {
          if (mode === KEY) throw new Refusal(`indefinite-length map key at ${start}`);
          this.deeper(depth);
          return this.chunked(major);
        }
        return this.string(major, start, mode === KEY);
      case 4:
      case 5: {
        if (mode === KEY) throw new Refusal('map key is not an integer, text or byte string');
        this.deeper(depth);
        // Every item takes at least one byte: a longer announcement cannot be honest.
        if (!indefinite && this.arg > (b.length - this.pos) / (major === 4 ? 1 : 2)) {
          throw new Refusal(`container length beyond the input at ${start}`);
        }
        const count = indefinite ? -1 : this.arg;
        return major === 4 ? this.array(depth, count) : this.map(depth, count);
      }
      case 6:
        return this.tagged(depth, indefinite, start, mode);
      default:
        return this.simple(info, start, mode);
    }
  }

  /** Reads a head's argument into `arg`; returns the additional information. */
  head(): number {
    const b = this.b;
    if (this.pos >= b.length) throw new Refusal(`unexpected end of input at ${this.pos}`);
    const start = this.pos++;
    const info = b[start]! & 0x1f;
    if (info < 24) {
      this.arg = info;
    } else if (info <= 27) {
      const size = 1 << (info - 24);
      if (this.pos + size > b.length) throw new Refusal(`unexpected end of input at ${this.pos}`);
      let arg = 0;
      for (let i = 0; i < size; i++) arg = arg * 256 + b[this.pos + i]!;
      this.arg = arg;
      this.pos += size;
    } else if (info <= 30) {
      throw new Refusal(`reserved additional information ${info} at ${start}`);
    }
    return info;
  }

  deeper(depth: number): void {
    if (depth >= this.maxDepth) throw new Refusal(`nesting deeper than ${this.maxDepth}`);
  }

  private integer(major: number, info: number, start: number, key: boolean): number | bigint {
    this.keyId = undefined;
    if (info !== 27) return major === 0 ? this.arg : -1 - this.arg;
    // cbor-x reads 8-byte integers as BigInt; the scan keys them by the double it computed.
    if (key) {
      const value = major === 0 ? this.arg : -1 - this.arg;
      this.keyId = Number.isSafeInteger(value) ? value : `${major}:${this.arg}`;
    }
    const big = (BigInt(this.uint32(start + 1)) << BigInt(32)) | BigInt(this.uint32(start + 5));
    return major === 0 ? big : BigInt(-1) - big;
  }

  private uint32(at: number): number {
    const b = this.b;
    return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  }

  /** A definite byte or text string. */
  private string(major: number, start: number, key: boolean): Uint8Array | string {
    const b = this.b;
    const from = this.pos;
    if (this.arg > b.length - from) throw new Refusal(`string length beyond the input at ${start}`);
    const to = (this.pos = from + this.arg);
    this.keyId = undefined;
    if (major === 2) {
      if (key) this.keyId = `2:${hex(b, from, to)}`;
      return b.subarray(from, to);
    }
    const text = decodeUtf8(b, from, to);
    if (text === null) throw new Refusal(`text string is not UTF-8 at ${start}`);
    // The scan keys text by a fatal TextDecoder's reading, which drops a leading U+FEFF; a short
    // string keeps it as a value (cbor-x decodes it by hand), so its key identity differs.
    if (key && to - from <= JS_DECODE_MAX_BYTES && text.charCodeAt(0) === 0xfeff) {
      this.keyId = `3:${text.slice(1)}`;
    }
    return text;
  }

  /** An indefinite-length string (RFC 8949 §3.2.3): definite chunks of its own type. */
  private chunked(major: number): Uint8Array | string {
    const b = this.b;
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const start = this.pos;
      const info = this.head();
      const initial = b[start]!;
      if (!(initial === 0xff || (initial >> 5 === major && info !== 31))) {
        throw new Refusal(`bad chunk in indefinite-length string at ${start}`);
      }
      if (initial === 0xff) break;
      const from = this.pos;
      if (this.arg > b.length - from) {
        throw new Refusal(`string length beyond the input at ${start}`);
      }
      this.pos = from + this.arg;
      if (major === 3 && !isUtf8(b, from, this.pos)) {
        throw new Refusal(`text string is not UTF-8 at ${start}`);
      }
      chunks.push(b.subarray(from, this.pos));
      length += this.arg;
    }
    const joined = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    return major === 2 ? joined : decodeUtf8(joined, 0, length)!;
  }

  /** `count` items, or up to a break when it is -1. */
  private array(depth: number, count: number): unknown[] {
    if (count >= 0) {
      const array = new Array<unknown>(count);
      for (let i = 0; i < count; i++) array[i] = this.item(depth + 1, ANYWHERE);
      return array;
    }
    const array: unknown[] = [];
    while (!this.atBreak()) array.push(this.item(depth + 1, ANYWHERE));
    return array;
  }

  /**
   * `count` pairs, or pairs up to a break when it is -1. Duplicates are found by the Map itself
   * while every key is its own identity (integers, text); a key that is not (an 8-byte integer,
   * a byte string, short text with a leading U+FEFF) switches to a set of identities as the
   * scan forms them, built from the keys so far.
   */
  private map(depth: number, count: number): Map<unknown, unknown> {
    const map = new Map<unknown, unknown>();
    let ids: Set<unknown> | undefined;
    for (let i = 0; count < 0 || i < count; i++) {
      if (count < 0 && this.atBreak()) break;
      const start = this.pos;
      const key = this.item(depth + 1, KEY);
      if (this.keyId !== undefined || ids !== undefined) {
        ids ??= identities(map);
        const id = this.keyId ?? identity(key);
        if (ids.has(id)) throw new Refusal(`duplicate map key at ${start}`);
        ids.add(id);
      } else if (map.has(key)) {
        throw new Refusal(`duplicate map key at ${start}`);
      }
      if (count < 0 && this.pos < this.b.length && this.b[this.pos] === 0xff) {
        throw new Refusal(`map key without a value at ${this.pos}`);
      }
      map.set(key, this.item(depth + 1, ANYWHERE));
    }
    return map;
  }

  /** The pairs of a top-level map into `slots` (see readCborPairs), keys checked as in `map`. */
  pairs(count: number, slotOf: SlotOf, slots: unknown[]): void {
    const seen = new KeySet();
    for (let i = 0; count < 0 || i < count; i++) {
      if (count < 0 && this.atBreak()) break;
      const start = this.pos;
      const key = this.item(1, KEY);
      seen.add(key, this.keyId, start);
      if (count < 0 && this.pos < this.b.length && this.b[this.pos] === 0xff) {
        throw new Refusal(`map key without a value at ${this.pos}`);
      }
      const value = this.item(1, ANYWHERE);
      const slot = slotOf(key);
      if (slot >= 0) slots[slot] = value;
    }
  }

  /** Consumes a break (0xff) if one is next; an end of input is left to the next head. */
  private atBreak(): boolean {
    if (this.pos < this.b.length && this.b[this.pos] === 0xff) {
      this.pos++;
      return true;
    }
    return false;
  }

  private tagged(depth: number, indefinite: boolean, start: number, mode: number): unknown {
    if (indefinite) throw new Refusal(`indefinite tag at ${start}`);
    if (mode === KEY) throw new Refusal('map key is not an integer, text or byte string');
    const tag = this.arg;
    const contentMode = TAG_MODES.get(tag);
    if (contentMode === undefined) throw new Refusal(`tag ${tag} is not accepted`);
    this.deeper(depth);
    const content = this.item(depth + 1, contentMode);
    switch (tag) {
      case SELF_DESCRIBED:
        // cbor-x drops the tag unless its content is undefined, which it keeps as a tag.
        return content === undefined ? new CborTag(content, tag) : content;
      case 0:
        return new Date(content as string);
      case 1:
        return this.epochDate(content);
      case 2:
        return bignum(content as Uint8Array);
      case 3:
        return BigInt(-1) - bignum(content as Uint8Array);
      default:
        return new CborTag(content, tag);
    }
  }

  /** Tag 1 as cbor-x reads it, its error (a BigInt cannot be scaled by a number) included. */
  private epochDate(content: unknown): Date | undefined {
    try {
      return new Date(Math.round((content as number) * 1000));
    } catch (error) {
      this.deferred ??= `CBOR decoder: ${(error as Error).message}`;
      return undefined;
    }
  }

  /** Major type 7: a break where none may stand, simple values, floats (RFC 8949 §3.3). */
  private simple(info: number, start: number, mode: number): unknown {
    if (info === 31) throw new Refusal(`unexpected break at ${start}`);
    if (info < 20 || info === 24) throw new Refusal(`unassigned simple value at ${start}`);
    if (mode === KEY) throw new Refusal('map key is not an integer, text or byte string');
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25:
        return half(this.arg);
      case 26:
        scratch.setUint32(0, this.arg);
        return scratch.getFloat32(0);
      default:
        scratch.setUint32(0, this.uint32(start + 1));
        scratch.setUint32(4, this.uint32(start + 5));
        return scratch.getFloat64(0);
    }
  }
}

/** Keys kept in a list before a Set takes over: the credential payload has at most 13. */
const PLAIN_KEYS = 16;

/**
 * The keys of one map without a Map: a short list while every key is its own identity, the
 * scan's identities in a Set once a key is not (or the list grows long).
 */
class KeySet {
  private readonly plain: unknown[] = new Array<unknown>(PLAIN_KEYS);
  private count = 0;
  private ids: Set<unknown> | undefined;

  add(key: unknown, keyId: string | number | undefined, start: number): void {
    if (keyId === undefined && this.ids === undefined && this.count < PLAIN_KEYS) {
      for (let i = 0; i < this.count; i++) {
        if (this.plain[i] === key) throw new Refusal(`duplicate map key at ${start}`);
      }
      this.plain[this.count++] = key;
      return;
    }
    if (this.ids === undefined) {
      this.ids = new Set<unknown>();
      for (let i = 0; i < this.count; i++) this.ids.add(identity(this.plain[i]));
    }
    const id = keyId ?? identity(key);
    if (this.ids.has(id)) throw new Refusal(`duplicate map key at ${start}`);
    this.ids.add(id);
  }
}

/** The scan's identity of a key that is its own: an integer, or text as `3:<text>`. */
function identity(key: unknown): string | number {
  return typeof key === 'number' ? key : `3:${key as string}`;
}

function identities(map: Map<unknown, unknown>): Set<unknown> {
  const ids = new Set<unknown>();
  for (const key of map.keys()) ids.add(identity(key));
  return ids;
}

/** IEEE 754 binary16 (RFC 8949 §3.3, Appendix D). */
function half(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  let magnitude: number;
  if (exponent === 0) magnitude = fraction * 2 ** -24;
  else if (exponent === 31) magnitude = fraction === 0 ? Infinity : NaN;
  else magnitude = (1024 + fraction) * 2 ** (exponent - 25);
  return bits & 0x8000 ? -magnitude : magnitude;
}

/** An unsigned bignum (RFC 8949 §3.4.3), big-endian. */
function bignum(bytes: Uint8Array): bigint {
  let value = BigInt(0);
  for (const byte of bytes) value = (value << BigInt(8)) + BigInt(byte);
  return value;
}

function hex(bytes: Uint8Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return out;
}
