/**
 * Runs the full in-process verification in a loop for `node --cpu-prof` (see bench/README.md):
 * `node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-verify.ts PS256`.
 */
import { createNodeCryptoBackend } from '../verifier-api/src/node/crypto';
import { fixtureVerifier } from './lib/fixture-verifier';

const alg = process.argv[2] === 'ES256' ? 'es256' : 'ps256';
const seconds = Number(process.argv[3] ?? 5);
const fx = await fixtureVerifier({ crypto: createNodeCryptoBackend() });
const url = fx.urls[alg];
const end = performance.now() + seconds * 1000;
let n = 0;
while (performance.now() < end) {
  await fx.verifier.verify({ url }, 'en');
  n += 1;
}
console.log(`${alg}: ${((n / seconds) | 0).toString()} verifications/s`);
