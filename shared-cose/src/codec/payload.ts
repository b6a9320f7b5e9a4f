/**
 * The credential record inside the COSE payload (DESIGN §2): a CBOR map with two-letter text
 * keys. Decoding checks each known member's type and copies it into a CredentialRecord; unknown
 * keys are tolerated (the real format may grow). Encoding writes the real format.
 */
import type { CredentialRecord } from '../types';
import { encodeBase64Url } from './base64';
import { encodeCbor, isTag } from './cbor';
import { readCbor, readCborPairs } from './cbor-read';
import type { CborScanOptions } from './cbor-scan';

type TextField = Exclude<keyof CredentialRecord, 'statusList'>;

/** Wire key → record field, in the order the real format lists them. */
const FIELDS: ReadonlyArray<[key: string, field: TextField, kind: 'text' | 'code' | 'date']> = [
  ['CN', 'qualificationName', 'text'],
  ['UN', 'holderName', 'text'],
  ['UB', 'birthDate', 'date'],
  ['RN', 'registrationNumber', 'code'],
  ['RD', 'registrationDate', 'date'],
  ['DT', 'kindCode', 'code'],
  ['ID', 'issueDate', 'date'],
  ['IA', 'issuingBody', 'text'],
  ['IN', 'issuerName', 'text'],
  ['CI', 'qualificationId', 'code'],
  ['DN', 'certificateId', 'code'],
  ['UC', 'holderCode', 'code'],
];

/** The status-list reference key our issuer adds (docs/ARCHITECTURE.md). */
export const STATUS_KEY = 'ST';

export type PayloadResult =
  { ok: true; record: CredentialRecord } | { ok: false; code: 'malformed'; detail: string };

/**
 * Decodes the payload bytes of a credential into a typed record. Dates become yyyy-mm-dd.
 *
 * @example
 * decodeCredentialPayload(payload)
 * // { ok: true, record: { qualificationName: '小型船舶操縦士', birthDate: '1990-04-01', … } }
 */
export function decodeCredentialPayload(
  bytes: Uint8Array,
  options: CborScanOptions = {},
): PayloadResult {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError('decodeCredentialPayload: bytes must be a Uint8Array');
  }
  // The map's values go straight into slots by key (no Map is built); anything else that is
  // not a map, or a depth limit beyond the one-pass decoder, is decoded whole.
  const slots: unknown[] = new Array<unknown>(SLOTS).fill(ABSENT);
  const read = readCborPairs(bytes, options, slotOf, slots);
  if (read === undefined) {
    const decoded = readCbor(bytes, options);
    if (!decoded.ok) return malformed(`payload: ${decoded.detail}`);
    const map = decoded.value;
    if (!(map instanceof Map)) return malformed('payload is not a map');
    for (const [key, slot] of SLOT_OF) if (map.has(key)) slots[slot] = map.get(key);
  } else if (!read.ok) {
    return malformed(`payload: ${read.detail}`);
  }

  const record: CredentialRecord = {};
  for (let i = 0; i < FIELDS.length; i++) {
    const raw = slots[i];
    if (raw === ABSENT) continue;
    const [key, field, kind] = FIELDS[i]!;
    const value = readField(raw, kind);
    if (value === null) return malformed(`payload ${key} is not a ${kind}`);
    record[field] = value;
  }

  const status = slots[FIELDS.length];
  if (status !== ABSENT) {
    const statusList = readStatusReference(status);
    if (statusList === null) return malformed(`payload ${STATUS_KEY} is not a status reference`);
    record.statusList = statusList;
  }
  return { ok: true, record };
}

/** Marks a key the payload does not hold (a CBOR undefined value is present, and refused). */
const ABSENT = Symbol('absent');

/** Each key we read → its slot: the FIELDS in order, then ST. */
const SLOT_OF: ReadonlyMap<string, number> = new Map([
  ...FIELDS.map(([key], i): [string, number] => [key, i]),
  [STATUS_KEY, FIELDS.length],
]);
const SLOTS = FIELDS.length + 1;

function slotOf(key: unknown): number {
  return typeof key === 'string' ? (SLOT_OF.get(key) ?? -1) : -1;
}

function readField(value: unknown, kind: 'text' | 'code' | 'date'): string | null {
  if (kind === 'date') return readDate(value);
  if (typeof value === 'string') return value;
  // The real record's value types are not public: a code sent as an unsigned integer is read
  // as its decimal digits rather than refused.
  if (kind === 'code' && typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return String(value);
  }
  return null;
}

const MS_PER_DAY = 86_400_000;

/** A date as text (yyyy/mm/dd, yyyy-mm-dd), tag 1004 or 100 (RFC 8943), or tag 0/1 (its UTC day). */
function readDate(value: unknown): string | null {
  if (typeof value === 'string') return normaliseDateText(value);
  if (isTag(value, 1004)) {
    return typeof value.value === 'string' ? normaliseDateText(value.value, '-') : null;
  }
  if (isTag(value, 100)) {
    const days = value.value;
    if (typeof days !== 'number' || !Number.isSafeInteger(days)) return null;
    return utcDay(new Date(days * MS_PER_DAY));
  }
  if (value instanceof Date) return utcDay(value);
  return null;
}

/**
 * `yyyy/mm/dd` or `yyyy-mm-dd` (one separator throughout; `separator` may require one) as
 * yyyy-mm-dd when it names a calendar day, read digit by digit.
 */
function normaliseDateText(text: string, separator?: string): string | null {
  if (text.length !== 10) return null;
  const sep = text.charCodeAt(4);
  if ((sep !== SLASH && sep !== HYPHEN) || text.charCodeAt(7) !== sep) return null;
  if (separator !== undefined && sep !== separator.charCodeAt(0)) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 0 || day < 0 || !isCalendarDate(year, month, day)) return null;
  if (sep === HYPHEN) return text;
  // One string, built from the characters (slices and a template would make five).
  const t = text;
  return String.fromCharCode(
    t.charCodeAt(0),
    t.charCodeAt(1),
    t.charCodeAt(2),
    t.charCodeAt(3),
    HYPHEN,
    t.charCodeAt(5),
    t.charCodeAt(6),
    HYPHEN,
    t.charCodeAt(8),
    t.charCodeAt(9),
  );
}

const SLASH = 0x2f;
const HYPHEN = 0x2d;

/** The decimal value of text[from, to) when every character is an ASCII digit, else -1. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Whether y-m-d names a day of the proleptic Gregorian calendar that `utcDay` accepts, by
 * arithmetic rather than through a Date. Years below 100 are refused, as before: `Date.UTC`
 * reads them as 19xx, so such a text never named the day it spells.
 */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length = month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!;
  return day <= length;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function utcDay(date: Date): string | null {
  const time = date.getTime();
  if (!Number.isFinite(time)) return null;
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return date.toISOString().slice(0, 10);
}

function readStatusReference(value: unknown): CredentialRecord['statusList'] | null {
  if (!(value instanceof Map)) return null;
  const inner = value.get('status_list');
  if (!(inner instanceof Map)) return null;
  const idx = inner.get('idx');
  const uri = inner.get('uri');
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) return null;
  if (typeof uri !== 'string' || uri === '') return null;
  return { idx, uri };
}

function malformed(detail: string): PayloadResult {
  return { ok: false, code: 'malformed', detail };
}

export interface EncodePayloadOptions {
  /** Leave out our `ST` status-list reference, as the real system's records do. */
  strictRealFormat?: boolean;
}

/**
 * Encodes a record in the real wire format: text values, dates as yyyy/mm/dd, keys in the
 * order of DESIGN §2, then `ST` unless `strictRealFormat`. Throws on a malformed date (a bug of
 * the caller, not a bad credential).
 *
 * @example
 * encodeCredentialPayload({ qualificationName: '小型船舶操縦士', birthDate: '1990-04-01' })
 * // CBOR of {"CN": "小型船舶操縦士", "UB": "1990/04/01"}
 */
export function encodeCredentialPayload(
  record: CredentialRecord,
  options: EncodePayloadOptions = {},
): Uint8Array {
  const map = new Map<string, unknown>();
  for (const [key, field, kind] of FIELDS) {
    const value = record[field];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new TypeError(`encodeCredentialPayload: ${field} not text`);
    if (kind === 'date') {
      const iso = normaliseDateText(value);
      if (iso === null) throw new RangeError(`encodeCredentialPayload: ${field} is not a date`);
      map.set(key, iso.replace(/-/g, '/'));
    } else {
      map.set(key, value);
    }
  }
  if (record.statusList && !options.strictRealFormat) {
    const { idx, uri } = record.statusList;
    const reference = new Map<string, unknown>([
      ['idx', idx],
      ['uri', uri],
    ]);
    map.set(STATUS_KEY, new Map([['status_list', reference]]));
  }
  return encodeCbor(map);
}

/**
 * The URL a QR code carries: `<base>/w/?c=<base64url without padding>` (docs/ARCHITECTURE.md).
 *
 * @example
 * credentialUrl('http://127.0.0.1:8787', cose) // 'http://127.0.0.1:8787/w/?c=0oRDoQE4JKE…'
 */
export function credentialUrl(baseUrl: string, coseBytes: Uint8Array): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/w/?c=${encodeBase64Url(coseBytes)}`;
}
