import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import { describeWycheproof } from './wycheproof-vectors';

describeWycheproof('webcrypto', () => createWebCryptoBackend());

// The fallback that runtimes without WebCrypto Ed25519 use, held to the same vectors here.
describeWycheproof(
  'webcrypto, Ed25519 via @noble/curves',
  () => createWebCryptoBackend({ ed25519: 'noble' }),
  ['ed25519_test.json', 'ed448_test.json'],
);
