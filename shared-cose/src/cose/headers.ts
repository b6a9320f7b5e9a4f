/**
 * COSE header maps (RFC 9052 §3) read into a typed object: every label we use is checked for
 * its type and copied into the object (byte strings as the decoder's views of its input, which
 * the decoded message owns); other labels are only listed, so no one walks a raw decoded map.
 */

/** Header labels we read (RFC 9052 §3.1; RFC 9596 for typ; RFC 9360 for x5chain). */
export const HEADER = {
  alg: 1,
  crit: 2,
  contentType: 3,
  kid: 4,
  iv: 5,
  partialIv: 6,
  typ: 16,
  x5chain: 33,
} as const;

export type Label = number | string;

/** A header map copied into our own object. */
export interface CoseHeader {
  /** Algorithm: a COSE integer id, or a text name (which no policy of ours allows). */
  alg?: number | string;
  crit?: Label[];
  contentType?: number | string;
  typ?: number | string;
  kid?: Uint8Array;
  /** Certificates, leaf first (a single certificate is sent as one byte string, RFC 9360 §2). */
  x5chain?: Uint8Array[];
  /** Every label present, in the order received, the ones above included. */
  labels: Label[];
}

/** The labels whose meaning we implement, so that a `crit` list naming them can be honoured. */
const UNDERSTOOD: ReadonlySet<Label> = new Set<Label>(Object.values(HEADER));

export type HeaderResult = { ok: true; header: CoseHeader } | { ok: false; detail: string };

/**
 * Reads one decoded header map. `where` names it in error details.
 *
 * @example
 * readHeader(new Map([[1, -7], [4, new Uint8Array([0x31])]]), 'protected')
 * // { ok: true, header: { alg: -7, kid: Uint8Array [0x31], labels: [1, 4] } }
 */
export function readHeader(map: unknown, where: 'protected' | 'unprotected'): HeaderResult {
  if (!(map instanceof Map)) return { ok: false, detail: `${where} header is not a map` };
  const header: CoseHeader = { labels: [] };

  for (const [label, value] of map as Map<unknown, unknown>) {
    if (!isLabel(label)) return { ok: false, detail: `${where} header label is not int or text` };
    header.labels.push(label);
    const problem = readMember(header, label, value);
    if (problem) return { ok: false, detail: `${where} header: ${problem}` };
  }

  if (header.crit) {
    // RFC 9052 §3.1: crit is protected, lists labels present there, and each must be understood.
    if (where !== 'protected') return { ok: false, detail: 'crit in the unprotected header' };
    for (const label of header.crit) {
      if (!header.labels.includes(label))
        return { ok: false, detail: 'crit names a missing label' };
      if (!UNDERSTOOD.has(label)) return { ok: false, detail: `critical label ${label} unknown` };
    }
  }
  return { ok: true, header };
}

function readMember(header: CoseHeader, label: Label, value: unknown): string | null {
  switch (label) {
    case HEADER.alg:
      if (!isSafeInt(value) && typeof value !== 'string') return 'alg is not int or text';
      header.alg = value;
      return null;
    case HEADER.crit:
      if (!Array.isArray(value) || value.length === 0 || !value.every(isLabel)) {
        return 'crit is not a non-empty array of labels';
      }
      header.crit = [...value];
      return null;
    case HEADER.contentType:
      if (!(isSafeInt(value) && value >= 0) && typeof value !== 'string') {
        return 'content type is not uint or text';
      }
      header.contentType = value;
      return null;
    case HEADER.typ:
      if (!(isSafeInt(value) && value >= 0) && typeof value !== 'string') {
        return 'typ is not uint or text';
      }
      header.typ = value;
      return null;
    case HEADER.kid:
      // RFC 9052 §3.1 defines kid as bstr; a text kid is refused, not guessed at.
      if (!(value instanceof Uint8Array)) return 'kid is not a byte string';
      header.kid = value;
      return null;
    case HEADER.iv:
    case HEADER.partialIv:
      return value instanceof Uint8Array ? null : 'IV is not a byte string';
    case HEADER.x5chain:
      return readX5chain(header, value);
    default:
      return null;
  }
}

function readX5chain(header: CoseHeader, value: unknown): string | null {
  if (value instanceof Uint8Array) {
    header.x5chain = [value];
    return null;
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Uint8Array)) {
    header.x5chain = [...(value as Uint8Array[])];
    return null;
  }
  return 'x5chain is not a certificate or a non-empty array of them';
}

function isLabel(value: unknown): value is Label {
  return isSafeInt(value) || typeof value === 'string';
}

function isSafeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}
