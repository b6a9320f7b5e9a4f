/**
 * The COSE WG examples (../shared/vectors/cose-wg-examples, read in place): every COSE_Sign1
 * case of sign1-tests, ecdsa-examples and eddsa-examples gives the expected pass or fail with the
 * key from the vector, and our Sig_structure equals its ToBeSign_hex. Where our policy is
 * deliberately stricter, the case asserts our answer under a named deviation.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sigStructure1 } from '../src/cose/sig-structure';
import { decodeSign1 } from '../src/cose/sign1';
import { sign1Algorithm, verifySign1 } from '../src/cose/verify-sign1';
import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import { defaultPolicy } from '../src/policy';
import type { ReasonCode } from '../src/types';
import { hex, toHex } from './cose-helpers';
import { listVectorFiles, readVectorText, vectorsLocation } from './vectors';

const DIR = 'cose-wg-examples/';
const FOLDERS = ['sign1-tests', 'ecdsa-examples', 'eddsa-examples'];
const present = (await listVectorFiles(DIR)) !== undefined;
if (!present) {
  console.warn(`COSE WG vectors not found at ${vectorsLocation()}${DIR}: these tests are skipped`);
}

/** Fail cases: the reason each must give. */
const EXPECTED_FAIL: Record<string, ReasonCode> = {
  'sign-fail-01.json': 'malformed', // tag 998 instead of 18
  'sign-fail-02.json': 'signature_invalid', // payload changed
  'sign-fail-03.json': 'unsupported_algorithm', // alg -999
  'sign-fail-04.json': 'unsupported_algorithm', // alg "unknown" (text)
  'sign-fail-06.json': 'signature_invalid', // protected attribute added
  'sign-fail-07.json': 'signature_invalid', // protected attribute removed
};

/** Where we answer otherwise than the vector, on purpose. */
const DEVIATIONS: Record<string, { code: ReasonCode; why: string }> = {
  'sign-pass-01.json': {
    code: 'unsupported_algorithm',
    why: 'alg only in the unprotected header (DESIGN §4: alg is taken from the protected header only)',
  },
  'eddsa-sig-02.json': {
    code: 'unsupported_algorithm',
    why: 'EdDSA with an Ed448 key (we implement Ed25519 only)',
  },
  'ecdsa-sig-04.json': {
    code: 'signature_invalid',
    why: 'ES512 with a P-256 key (our algorithm table binds ES512 to P-521, as JOSE does)',
  },
};

interface Vector {
  file: string;
  title: string;
  fail: boolean;
  sign0?: {
    key: Record<string, string>;
    external?: string;
  };
  toBeSign?: string;
  cbor: string;
}

async function load(): Promise<Vector[]> {
  if (!present) return [];
  const perFolder = await Promise.all(
    FOLDERS.map(async (folder) => {
      const names = ((await listVectorFiles(`${DIR}${folder}/`)) ?? []).filter(
        (f) => !f.includes('/') && f.endsWith('.json'),
      );
      return Promise.all(
        names.sort().map(async (file) => {
          const v = JSON.parse((await readVectorText(`${DIR}${folder}/${file}`))!);
          return {
            file,
            title: v.title,
            fail: v.fail === true,
            sign0: v.input.sign0,
            toBeSign: v.intermediates?.ToBeSign_hex,
            cbor: v.output.cbor,
          };
        }),
      );
    }),
  );
  return perFolder.flat();
}

/** The SPKI of a vector's key (JWK for EC; raw hex for OKP). */
async function spkiOf(key: Record<string, string>): Promise<Uint8Array> {
  if (key.kty === 'OKP') {
    const prefix = key.crv === 'Ed448' ? '3043300506032b6571033a00' : '302a300506032b6570032100';
    return hex(prefix + key.x_hex);
  }
  const jwk = { kty: 'EC', crv: key.crv, x: key.x, y: key.y };
  const params = { name: 'ECDSA', namedCurve: key.crv! };
  const k = await crypto.subtle.importKey('jwk', jwk, params, true, ['verify']);
  return new Uint8Array(await crypto.subtle.exportKey('spki', k));
}

const backend = createWebCryptoBackend();
const policy = { allowedAlgorithms: defaultPolicy.allowedAlgorithms };

/** Our answer for one vector: null when it verifies, else the reason code. */
async function answer(v: Vector, loosened = false): Promise<ReasonCode | null> {
  const decoded = decodeSign1(hex(v.cbor));
  if (!decoded.ok) return decoded.code;
  const alg = sign1Algorithm(decoded.sign1, {
    ...policy,
    dangerouslyAcceptUnprotectedAlg: loosened,
  });
  if (!alg.ok) return alg.code;
  const externalAad = v.sign0?.external ? hex(v.sign0.external) : undefined;
  const spki = await spkiOf(v.sign0!.key);
  const r = await verifySign1(decoded.sign1, { alg: alg.alg, spki, crypto: backend, externalAad });
  return r.ok ? null : r.code;
}

const vectors = await load();
const sign1 = vectors.filter((v) => v.sign0);
const coseSign = vectors.filter((v) => !v.sign0);
let ran = 0;

describe.skipIf(!present)('COSE WG examples: COSE_Sign1', () => {
  afterAll(() => {
    const deviations = sign1.filter((v) => DEVIATIONS[v.file]).length;
    console.log(
      `COSE WG: ${ran} of ${sign1.length} COSE_Sign1 cases ran (${deviations} named deviations); ` +
        `${coseSign.length} COSE_Sign (tag 98) cases refused as malformed`,
    );
  });

  for (const v of sign1) {
    const deviation = DEVIATIONS[v.file];
    const label = deviation
      ? `${v.file} (${v.title}): deviation, ${deviation.why} → ${deviation.code}`
      : `${v.file} (${v.title}) → ${v.fail ? EXPECTED_FAIL[v.file] : 'verifies'}`;
    it(label, async () => {
      ran++;
      const got = await answer(v);
      if (deviation) {
        expect(v.fail).toBe(false);
        expect(got).toBe(deviation.code);
      } else if (v.fail) {
        expect(EXPECTED_FAIL[v.file], 'every fail case names its reason').toBeDefined();
        expect(got).toBe(EXPECTED_FAIL[v.file]);
      } else {
        expect(got).toBeNull();
      }
    });
  }

  it('sign-pass-01 verifies once the unprotected-alg escape hatch is opened', async () => {
    const v = sign1.find((x) => x.file === 'sign-pass-01.json')!;
    expect(await answer(v, true)).toBeNull();
  });

  it('builds the Sig_structure of every decodable case exactly as its ToBeSign_hex', () => {
    let compared = 0;
    for (const v of sign1) {
      const d = decodeSign1(hex(v.cbor));
      if (!d.ok || !v.toBeSign) continue;
      const aad = v.sign0?.external ? hex(v.sign0.external) : undefined;
      const tbs = sigStructure1(d.sign1.protectedBytes, d.sign1.payload, aad);
      // Fail cases altered the message after signing; their ToBeSign is of the original.
      if (!v.fail) expect(toHex(tbs), v.file).toBe(v.toBeSign.toLowerCase());
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });
});

describe.skipIf(!present)('COSE WG examples: COSE_Sign is not accepted', () => {
  for (const v of coseSign) {
    it(`${v.file} (${v.title}) → malformed`, async () => {
      const d = decodeSign1(hex(v.cbor));
      expect(d.ok).toBe(false);
      expect(!d.ok && d.code).toBe('malformed');
    });
  }
});
