/**
 * Runs the Wycheproof signature vectors (../shared/vectors/wycheproof, read in place) through a
 * backend. Shared by the WebCrypto suite here and the node:crypto suite in verifier-api, so that
 * both backends are held to exactly the same expectations.
 *
 * Each vector file becomes one test: every vector must give its expected result (`valid` →
 * true, `invalid` → false, `acceptable` → either), and the test prints how many ran.
 */
import { describe, expect, it } from 'vitest';
import type { AlgName, CryptoBackend } from '../src/types';
import type { EcCurve, HashName, SignaturePrimitive } from '../src/crypto/algorithms';
import { readVectorText } from './vectors';

const WYCHEPROOF_PATH = 'wycheproof/testvectors_v1/';

export const HAVE_WYCHEPROOF =
  (await readVectorText(`${WYCHEPROOF_PATH}ed25519_test.json`)) !== undefined;

interface Vector {
  tcId: number;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface Group {
  publicKeyDer: string;
  publicKey?: { curve?: string };
  sha?: string;
  mgfSha?: string;
  sLen?: number;
  tests: Vector[];
}

const CURVES: Record<string, EcCurve> = {
  secp256r1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};
const COSE_EC: Record<string, AlgName> = {
  'P-256/SHA-256': 'ES256',
  'P-384/SHA-384': 'ES384',
  'P-521/SHA-512': 'ES512',
};
const COSE_PSS: Record<string, AlgName> = {
  'SHA-256': 'PS256',
  'SHA-384': 'PS384',
  'SHA-512': 'PS512',
};
const HASH_LEN: Record<string, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export const ECDSA_P1363_FILES = [
  'ecdsa_secp256r1_sha256_p1363_test.json',
  'ecdsa_secp384r1_sha384_p1363_test.json',
  'ecdsa_secp521r1_sha512_p1363_test.json',
  'ecdsa_secp256r1_sha512_p1363_test.json',
  'ecdsa_secp384r1_sha512_p1363_test.json',
];
export const RSA_PSS_FILES = [
  'rsa_pss_2048_sha256_mgf1_32_test.json',
  'rsa_pss_2048_sha384_mgf1_48_test.json',
  'rsa_pss_3072_sha256_mgf1_32_test.json',
  'rsa_pss_4096_sha384_mgf1_48_test.json',
  'rsa_pss_4096_sha512_mgf1_64_test.json',
  'rsa_pss_2048_sha256_mgf1_32_params_test.json',
];

export function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

async function loadGroups(file: string): Promise<Group[]> {
  const text = await readVectorText(WYCHEPROOF_PATH + file);
  if (text === undefined) throw new Error(`missing vector file ${file}`);
  return (JSON.parse(text) as { testGroups: Group[] }).testGroups;
}

/** How one group's vectors are verified: through the COSE name when there is one, else the primitive. */
type Route =
  | { via: 'cose'; alg: AlgName }
  | { via: 'primitive'; verify: Parameters<SignaturePrimitive['verifyWith']>[0] };

function routeOf(file: string, g: Group): Route {
  if (file.startsWith('ed25519')) return { via: 'cose', alg: 'EdDSA' };
  const hash = g.sha as HashName;
  if (file.startsWith('ecdsa')) {
    const curve = CURVES[g.publicKey?.curve ?? ''];
    if (!curve) throw new Error(`unexpected curve in ${file}`);
    const alg = COSE_EC[`${curve}/${hash}`];
    return alg
      ? { via: 'cose', alg }
      : { via: 'primitive', verify: { kind: 'ecdsa', curve, hash } };
  }
  if (g.mgfSha !== g.sha) throw new Error(`MGF1 hash differs from the hash in ${file}`);
  const alg = COSE_PSS[hash];
  return alg && g.sLen === HASH_LEN[hash]
    ? { via: 'cose', alg }
    : { via: 'primitive', verify: { kind: 'rsa-pss', hash, saltLength: g.sLen ?? -1 } };
}

/** The tcIds whose result differs from the expected one, and counts for the report line. */
export async function runVectorFile(
  backend: CryptoBackend & SignaturePrimitive,
  file: string,
): Promise<{
  wrong: number[];
  total: number;
  valid: number;
  invalid: number;
  viaPrimitive: number;
}> {
  const wrong: number[] = [];
  let total = 0;
  let valid = 0;
  let invalid = 0;
  let viaPrimitive = 0;
  for (const g of await loadGroups(file)) {
    const spki = hex(g.publicKeyDer);
    const route = routeOf(file, g);
    for (const t of g.tests) {
      const msg = hex(t.msg);
      const sig = hex(t.sig);
      const ok =
        route.via === 'cose'
          ? await backend.verify(route.alg, spki, msg, sig)
          : await backend.verifyWith(route.verify, spki, msg, sig);
      total++;
      if (route.via === 'primitive') viaPrimitive++;
      if (t.result === 'valid') valid++;
      if (t.result === 'invalid') invalid++;
      if ((t.result === 'valid' && !ok) || (t.result === 'invalid' && ok)) wrong.push(t.tcId);
    }
  }
  return { wrong, total, valid, invalid, viaPrimitive };
}

/**
 * Defines the conformance suite for one backend: every P1363 ECDSA, Ed25519 and RSA-PSS file,
 * and the Ed448 file as a named deviation (EdDSA here means Ed25519 only, so no Ed448 vector
 * verifies, not even a valid one).
 */
export function describeWycheproof(
  label: string,
  makeBackend: () => CryptoBackend & SignaturePrimitive,
  only?: readonly string[],
): void {
  const files = [...ECDSA_P1363_FILES, 'ed25519_test.json', ...RSA_PSS_FILES].filter(
    (f) => !only || only.includes(f),
  );
  if (!HAVE_WYCHEPROOF) {
    console.warn(
      `[${label}] ../shared/vectors/${WYCHEPROOF_PATH} is absent: the Wycheproof vector tests are skipped`,
    );
  }
  describe.skipIf(!HAVE_WYCHEPROOF)(`Wycheproof vectors through ${label}`, () => {
    const backend = makeBackend();

    for (const file of files) {
      it(`${file}: every vector gives its expected result`, async () => {
        const r = await runVectorFile(backend, file);
        const how = r.viaPrimitive
          ? ` (${r.viaPrimitive} through verifyWith: not a COSE profile)`
          : '';
        console.info(
          `[${label}] ${file}: ${r.total} vectors (${r.valid} valid, ${r.invalid} invalid)${how}, ` +
            `${r.total - r.wrong.length} as expected`,
        );
        expect(r.total).toBeGreaterThan(0);
        expect(r.wrong).toEqual([]);
      });
    }

    it.skipIf(only && !only.includes('ed448_test.json'))(
      'ed448_test.json: deviation, EdDSA is Ed25519 only, so no Ed448 vector verifies',
      async () => {
        let total = 0;
        let accepted = 0;
        for (const g of await loadGroups('ed448_test.json')) {
          const spki = hex(g.publicKeyDer);
          for (const t of g.tests) {
            total++;
            if (await backend.verify('EdDSA', spki, hex(t.msg), hex(t.sig))) accepted++;
          }
        }
        console.info(
          `[${label}] ed448_test.json: ${total} vectors, all refused (Ed448 unsupported)`,
        );
        expect(total).toBeGreaterThan(0);
        expect(accepted).toBe(0);
      },
    );
  });
}
