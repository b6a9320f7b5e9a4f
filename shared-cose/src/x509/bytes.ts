/**
 * Byte helpers for `x509/`: equality, hex, base64, and the little DER that @peculiar/x509
 * does not read for us correctly (OIDs with arcs above 2^53, which our role EKUs use).
 */

/** Thrown for DER that is not what it should be; certificate.ts reports it as a parse error. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/**
 * Reads ExtKeyUsageSyntax (RFC 5280 §4.2.1.12: SEQUENCE OF OBJECT IDENTIFIER) ourselves:
 * the ASN.1 library mangles arcs above 2^53, and our role OIDs sit under a UUID arc (X.667).
 */
export function readOidSequence(der: Uint8Array): string[] {
  const outer = readTlv(der, 0);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) {
    throw new DerError('malformed extended key usage');
  }
  const oids: string[] = [];
  for (let offset = outer.start; offset < outer.end;) {
    const item = readTlv(der, offset);
    if (!item || item.tag !== 0x06 || item.end > outer.end) {
      throw new DerError('malformed extended key usage');
    }
    oids.push(decodeOid(der.subarray(item.start, item.end)));
    offset = item.end;
  }
  return oids;
}

/**
 * Whether `der` has the frame of a Certificate or CertificateList (RFC 5280 §4.1, §5.1): one
 * SEQUENCE holding exactly a SEQUENCE (the signed part), a SEQUENCE (signatureAlgorithm) and a
 * BIT STRING (signatureValue). The ASN.1 library reads these members without checking their
 * tags' class, so an unsigned byte outside the signed part could otherwise change without
 * changing the answer: one certificate, many encodings. The outer length must cover all of `der`
 * (X.690 §8.1.3) for the same reason.
 */
export function isSignedFrame(der: Uint8Array): boolean {
  const outer = readTlv(der, 0);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return false;
  const signed = readTlv(der, outer.start);
  const algorithm = signed && signed.tag === 0x30 ? readTlv(der, signed.end) : undefined;
  const value = algorithm && algorithm.tag === 0x30 ? readTlv(der, algorithm.end) : undefined;
  return value !== undefined && value.tag === 0x03 && value.end === outer.end;
}

/** One DER TLV header (X.690 §8.1): where its content starts and ends. */
function readTlv(der: Uint8Array, offset: number) {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) return undefined;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[start + i] ?? NaN);
    // X.690 §10.1: the long form only when needed, with no leading zero byte.
    if (length < 0x80 || der[start] === 0) return undefined;
    start += count;
  }
  const end = start + length;
  return Number.isNaN(end) || end > der.length ? undefined : { tag, start, end };
}

/** OBJECT IDENTIFIER content to dotted text (X.690 §8.19), arcs of any size. */
function decodeOid(content: Uint8Array): string {
  const arcs: bigint[] = [];
  let value = 0n;
  for (const [i, byte] of content.entries()) {
    if (value === 0n && byte === 0x80) throw new DerError('malformed OID');
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (byte & 0x80) {
      if (i === content.length - 1) throw new DerError('malformed OID');
      continue;
    }
    arcs.push(value);
    value = 0n;
  }
  if (arcs.length === 0) throw new DerError('empty OID');
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A serial number's INTEGER content bytes as lower-case hex without leading zero bytes, the
 * one form in which certificates and CRL entries are compared.
 *
 * @example
 * serialHex(Uint8Array.of(0x00, 0x9f)); // '9f'
 */
export function serialHex(bytes: Uint8Array): string {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return toHex(bytes.subarray(start));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
