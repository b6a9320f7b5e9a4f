import { describe, expect, it } from 'vitest';
import { rsaSignatureLengthOk, signatureShapeOk } from '../src/crypto/shape';

const ED = { kind: 'ed25519' } as const;
/** RFC 8032 §5.1: L, little-endian. */
const L_LE = (() => {
  let l = 2n ** 252n + 27742317777372353535851937790883648493n;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, l >>= 8n) out[i] = Number(l & 0xffn);
  return out;
})();

function edSig(sLe: Uint8Array): Uint8Array {
  const sig = new Uint8Array(64).fill(0x11, 0, 32);
  sig.set(sLe, 32);
  return sig;
}

describe('signatureShapeOk', () => {
  it('refuses an Ed25519 signature with S = L before any engine sees it', () => {
    expect(signatureShapeOk(ED, edSig(L_LE))).toBe(false);
  });

  it('refuses an Ed25519 signature with S = 2^256 − 1', () => {
    expect(signatureShapeOk(ED, edSig(new Uint8Array(32).fill(0xff)))).toBe(false);
  });

  it('lets an Ed25519 signature with S = L − 1 through to the engine', () => {
    const below = L_LE.slice();
    below[0]! -= 1;
    expect(signatureShapeOk(ED, edSig(below))).toBe(true);
  });

  it('requires Ed25519 signatures of exactly 64 bytes', () => {
    expect(signatureShapeOk(ED, new Uint8Array(63))).toBe(false);
    expect(signatureShapeOk(ED, new Uint8Array(65))).toBe(false);
  });

  it('requires ECDSA r‖s of exactly twice the field size: 64, 96, 132 bytes', () => {
    const ec = (curve: 'P-256' | 'P-384' | 'P-521', n: number) =>
      signatureShapeOk({ kind: 'ecdsa', curve, hash: 'SHA-256' }, new Uint8Array(n));
    expect([ec('P-256', 64), ec('P-384', 96), ec('P-521', 132)]).toEqual([true, true, true]);
    expect([ec('P-256', 72), ec('P-384', 64), ec('P-521', 130)]).toEqual([false, false, false]);
  });

  it('refuses an empty RSA-PSS signature', () => {
    const pss = { kind: 'rsa-pss', hash: 'SHA-256', saltLength: 32 } as const;
    expect(signatureShapeOk(pss, new Uint8Array(0))).toBe(false);
  });
});

describe('rsaSignatureLengthOk', () => {
  it('requires the signature to be exactly as long as the modulus', () => {
    expect(rsaSignatureLengthOk(2048, new Uint8Array(256))).toBe(true);
    expect(rsaSignatureLengthOk(2048, new Uint8Array(255))).toBe(false);
    expect(rsaSignatureLengthOk(2049, new Uint8Array(257))).toBe(true);
  });
});
