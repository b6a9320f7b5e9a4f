/**
 * Real keys for the crypto tests, made with the platform's WebCrypto (so that the same tests
 * can run in a browser), and the byte-level manipulations of the hostile cases.
 */
import type { AlgName } from '../src/types';

const subtle = globalThis.crypto.subtle;

export interface TestKey {
  alg: AlgName;
  privateKey: CryptoKey;
  spki: Uint8Array;
  pkcs8: Uint8Array;
}

const GEN: Record<AlgName, RsaHashedKeyGenParams | EcKeyGenParams | { name: 'Ed25519' }> = {
  PS256: rsa('SHA-256'),
  PS384: rsa('SHA-384'),
  PS512: rsa('SHA-512'),
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  ES384: { name: 'ECDSA', namedCurve: 'P-384' },
  ES512: { name: 'ECDSA', namedCurve: 'P-521' },
  EdDSA: { name: 'Ed25519' },
};

function rsa(hash: string, modulusLength = 2048): RsaHashedKeyGenParams {
  return { name: 'RSA-PSS', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash };
}

/** A fresh extractable key pair for `alg` (RSA-2048 for every PS*). */
export async function makeKey(alg: AlgName, modulusLength?: number): Promise<TestKey> {
  const params = modulusLength ? rsa('SHA-256', modulusLength) : GEN[alg];
  const pair = (await subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  return {
    alg,
    privateKey: pair.privateKey,
    spki: new Uint8Array(await subtle.exportKey('spki', pair.publicKey)),
    pkcs8: new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey)),
  };
}

/** PKCS#8 DER as PEM text (RFC 7468 §10). */
export function toPem(der: Uint8Array, label = 'PRIVATE KEY'): string {
  const b64 = btoa(String.fromCharCode(...der));
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

function toBigBE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function fromBigBE(v: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** ES256 r‖s with s replaced by n − s: the other valid signature of the same message. */
export function negateS(rs: Uint8Array): Uint8Array {
  const out = rs.slice();
  out.set(fromBigBE(P256_N - toBigBE(rs.subarray(32)), 32), 32);
  return out;
}

/** r‖s re-encoded as a DER ECDSA-Sig-Value (RFC 3279 §2.2.3), what X.509 and OpenSSL use. */
export function toDerSignature(rs: Uint8Array): Uint8Array {
  const half = rs.length / 2;
  const int = (bytes: Uint8Array): number[] => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const body = [...bytes.subarray(i)];
    if (body[0]! & 0x80) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const content = [...int(rs.subarray(0, half)), ...int(rs.subarray(half))];
  return new Uint8Array([0x30, content.length, ...content]);
}

/** Ed25519 R‖S with S replaced by S + L (little-endian, still 32 bytes). */
export function addOrderToS(sig: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
  s += ED25519_L;
  const out = sig.slice();
  for (let i = 32; i < 64; i++, s >>= 8n) out[i] = Number(s & 0xffn);
  return out;
}

/** RFC 8017 §9.1.1: the largest salt an RSA-PSS signature of this size and hash can carry. */
export function maxSaltLength(modulusBits: number, hashBytes: number): number {
  return Math.ceil((modulusBits - 1) / 8) - hashBytes - 2;
}
