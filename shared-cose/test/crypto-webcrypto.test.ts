import { describe, expect, it } from 'vitest';
import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import { describeBackendBehaviour } from './crypto-backend-spec';
import { makeKey } from './crypto-keys';
import { createWebCryptoSigner } from '../src/crypto/signers';

describeBackendBehaviour('WebCrypto', () => createWebCryptoBackend());
describeBackendBehaviour('WebCrypto with Ed25519 via @noble/curves', () =>
  createWebCryptoBackend({ ed25519: 'noble' }),
);

/** The real SubtleCrypto, counting how often a key is imported. */
function countingSubtle(): { subtle: SubtleCrypto; imports: () => number } {
  const real = globalThis.crypto.subtle;
  let count = 0;
  const subtle = Object.create(real) as SubtleCrypto;
  subtle.importKey = ((...args: Parameters<SubtleCrypto['importKey']>) => {
    count++;
    return real.importKey(...args);
  }) as SubtleCrypto['importKey'];
  subtle.verify = real.verify.bind(real);
  return { subtle, imports: () => count };
}

describe('WebCrypto backend key cache', () => {
  const data = new TextEncoder().encode('cached');

  it('imports a key once for many verifications with the same array', async () => {
    const { subtle, imports } = countingSubtle();
    const backend = createWebCryptoBackend({ subtle });
    const key = await makeKey('ES256');
    const sig = await createWebCryptoSigner('ES256', key.privateKey)(data);
    for (let i = 0; i < 5; i++)
      expect(await backend.verify('ES256', key.spki, data, sig)).toBe(true);
    expect(imports()).toBe(1);
  });

  it('imports a key once when it arrives in a fresh array each time', async () => {
    const { subtle, imports } = countingSubtle();
    const backend = createWebCryptoBackend({ subtle });
    const key = await makeKey('ES256');
    const sig = await createWebCryptoSigner('ES256', key.privateKey)(data);
    for (let i = 0; i < 5; i++) {
      expect(await backend.verify('ES256', key.spki.slice(), data, sig)).toBe(true);
    }
    expect(imports()).toBe(1);
  });

  it('keeps at most cacheSize keys by content, re-importing the oldest', async () => {
    const { subtle, imports } = countingSubtle();
    const backend = createWebCryptoBackend({ subtle, cacheSize: 1 });
    const [a, b] = [await makeKey('ES256'), await makeKey('ES256')];
    const sigA = await createWebCryptoSigner('ES256', a.privateKey)(data);
    const sigB = await createWebCryptoSigner('ES256', b.privateKey)(data);
    await backend.verify('ES256', a.spki.slice(), data, sigA);
    await backend.verify('ES256', b.spki.slice(), data, sigB);
    expect(await backend.verify('ES256', a.spki.slice(), data, sigA)).toBe(true);
    expect(imports()).toBe(3);
  });
});

describe('WebCrypto backend Ed25519 engine choice', () => {
  it('uses WebCrypto Ed25519 when the runtime has it, and gives the same answers', async () => {
    const key = await makeKey('EdDSA');
    const data = new TextEncoder().encode('engine');
    const sig = await createWebCryptoSigner('EdDSA', key.privateKey)(data);
    const { subtle, imports } = countingSubtle();
    const auto = createWebCryptoBackend({ subtle });
    expect(await auto.verify('EdDSA', key.spki, data, sig)).toBe(true);
    // One import for the capability probe and one for the key: WebCrypto did the work.
    expect(imports()).toBe(2);
  });
});
