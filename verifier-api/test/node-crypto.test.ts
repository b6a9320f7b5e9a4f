import { describe, expect, it } from 'vitest';
import { createWebCryptoBackend, createWebCryptoSigner } from '@dqcv/shared-cose';
import { createNodeCryptoBackend } from '../src/node/crypto';
import { describeBackendBehaviour } from '../../shared-cose/test/crypto-backend-spec';
import { makeKey } from '../../shared-cose/test/crypto-keys';
import { describeWycheproof } from '../../shared-cose/test/wycheproof-vectors';

// The node:crypto backend is held to exactly the suites the WebCrypto backend passes.
describeBackendBehaviour('node:crypto', () => createNodeCryptoBackend());
describeWycheproof('node:crypto', () => createNodeCryptoBackend());

describe('node:crypto backend', () => {
  it('is named so that a host can report which backend it runs', () => {
    expect(createNodeCryptoBackend().name).toBe('node-crypto');
  });

  it('accepts exactly what the WebCrypto backend accepts for signatures of every algorithm', async () => {
    const node = createNodeCryptoBackend();
    const web = createWebCryptoBackend();
    const data = new TextEncoder().encode('agreement');
    for (const alg of ['PS256', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const) {
      const key = await makeKey(alg);
      const sig = await createWebCryptoSigner(alg, key.privateKey)(data);
      const forged = sig.slice();
      forged[forged.length - 1]! ^= 1;
      for (const s of [sig, forged, sig.subarray(0, sig.length - 1)]) {
        expect(await node.verify(alg, key.spki, data, s)).toBe(
          await web.verify(alg, key.spki, data, s),
        );
      }
    }
  });
});
