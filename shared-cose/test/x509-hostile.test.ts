/**
 * Hostile certificate bytes (an x5chain comes from the credential): any bytes, and real
 * certificates with one byte changed, give an answer — never an exception — in bounded time.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateSigner } from '../src/x509/path';
import { createTrustStore, type TrustStore } from '../src/x509/trust-store';
import { makeCa, makeLeaf, NOW, type Party } from './x509-pki';

let root: Party;
let leaf: Party;
let store: TrustStore;

beforeAll(async () => {
  root = await makeCa();
  leaf = await makeLeaf(root);
  store = await createTrustStore({ anchors: [root.der] });
});

/** Resolves and validates; the answer's code, or 'valid'. */
async function answer(x5chain: Uint8Array[]): Promise<string> {
  const found = await store.resolveSigner({ x5chain, role: 'credentialSigner' });
  if (!found.ok) return found.code;
  const result = await validateSigner(found.signer, {
    now: NOW,
    role: 'credentialSigner',
    clockSkewSeconds: 0,
  });
  return result.ok ? 'valid' : result.code;
}

describe('hostile x5chain bytes', () => {
  it('any bytes give unknown_signer, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1500 }), async (bytes) => {
        expect(await answer([bytes])).toBe('unknown_signer');
      }),
      { numRuns: 200 },
    );
  });

  it('a real certificate with one byte changed is refused or still valid, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: leaf.der.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, delta) => {
          const bytes = leaf.der.slice();
          bytes[index] = (bytes[index]! + delta) % 256;
          const code = await answer([bytes]);
          // Only a change outside the signed part (e.g. in unused signature padding) may keep it valid.
          expect(['unknown_signer', 'signer_certificate_invalid', 'valid']).toContain(code);
          if (code === 'valid') expect(index).toBeGreaterThan(leaf.der.length - 80);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a certificate whose outer signatureAlgorithm is re-tagged is unknown_signer (one encoding only)', async () => {
    // Found by the property above in workerd: the ASN.1 library read a context-class tag where
    // the SEQUENCE of signatureAlgorithm stands, outside the signed bytes.
    const tbsLength = leaf.der[1]! & 0x80 ? 2 + (leaf.der[1]! & 0x7f) : 2;
    const tbs = leaf.der.subarray(tbsLength);
    const tbsHead = tbs[1]! & 0x80 ? 2 + (tbs[1]! & 0x7f) : 2;
    let tbsEnd = tbs[1]!;
    if (tbs[1]! & 0x80) {
      tbsEnd = 0;
      for (let i = 0; i < (tbs[1]! & 0x7f); i++) tbsEnd = tbsEnd * 256 + tbs[2 + i]!;
    }
    const algorithmAt = tbsLength + tbsHead + tbsEnd;
    expect(leaf.der[algorithmAt]).toBe(0x30);
    for (const tag of [0xa0, 0xb0]) {
      const bytes = leaf.der.slice();
      bytes[algorithmAt] = tag;
      expect(await answer([bytes])).toBe('unknown_signer');
    }
  });

  it('the untouched certificate is valid (the property above is not vacuous)', async () => {
    expect(await answer([leaf.der])).toBe('valid');
  });
});
