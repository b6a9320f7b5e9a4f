/**
 * The hand-written reference route of issue 7 §2: what a verifier costs that does nothing but
 * base64url + CBOR + `crypto.verify` — no trust chain, no status, no payload checks, no dates.
 * It is written the way a hand-written route would be (the `c` value out of the URL, a Buffer
 * decode, cbor-x's plain `decode`, the Sig_structure encoded by cbor-x, a KeyObject cached per
 * kid), so that the full verifier's cost can be read against it in the same run.
 *
 * @example
 * const check = minimalVerifier((kid) => readFileSync(`${dir}/${kid}.cert.pem`, 'utf8'));
 * check('https://verify.example/w/?c=0oRDoQEm…'); // true or false, never throws
 */
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { Encoder, Tag, decode } from 'cbor-x';

/** COSE header labels (RFC 9052 §3.1) and algorithm identifiers (RFC 9053 §2.1, RFC 8230 §2). */
const ALG = 1;
const KID = 4;
const ES256 = -7;
const PS256 = -37;
/** CBOR tag of a tagged COSE_Sign1 (RFC 9052 §2). */
const COSE_SIGN1_TAG = 18;

// Byte strings must go out as CBOR major type 2, not cbor-x's typed-array tag 64.
const encoder = new Encoder({ tagUint8Array: false });
const EMPTY = Buffer.alloc(0);
/** A kid that can name a file: no path separators, no leading dot. */
const SAFE_KID = /^[\w-][\w.-]{0,127}$/;

/** A header member by integer label, whether cbor-x handed back a Map or an object. */
function member(header: unknown, label: number): unknown {
  if (header instanceof Map) return header.get(label);
  if (typeof header === 'object' && header !== null) {
    return (header as Record<number, unknown>)[label];
  }
  return undefined;
}

/**
 * Returns a checker that answers whether the COSE_Sign1 in a QR URL's `c` parameter carries a
 * valid PS256 or ES256 signature under the signer certificate `pemOf(kid)`. Every failure —
 * no `c`, bad CBOR, unknown kid, other algorithm, wrong signature — is `false`.
 */
export function minimalVerifier(pemOf: (kid: string) => string): (url: string) => boolean {
  const keys = new Map<string, KeyObject>();
  const keyFor = (kid: string): KeyObject => {
    let key = keys.get(kid);
    if (key === undefined) {
      key = createPublicKey(pemOf(kid));
      keys.set(kid, key);
    }
    return key;
  };

  return (url) => {
    try {
      const c = new URL(url).searchParams.get('c');
      if (c === null) return false;
      let sign1: unknown = decode(Buffer.from(c, 'base64url'));
      if (sign1 instanceof Tag && sign1.tag === COSE_SIGN1_TAG) sign1 = sign1.value;
      if (!Array.isArray(sign1) || sign1.length !== 4) return false;
      const [protectedBytes, unprotected, payload, signature] = sign1 as unknown[];
      if (!(protectedBytes instanceof Uint8Array)) return false;
      if (!(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
      const alg = member(decode(protectedBytes), ALG);
      const kid = member(unprotected, KID);
      if (!(kid instanceof Uint8Array)) return false;
      const kidText = Buffer.from(kid).toString('utf8');
      if (!SAFE_KID.test(kidText)) return false;
      const key = keyFor(kidText);
      // Sig_structure for COSE_Sign1 (RFC 9052 §4.4), no external AAD.
      const data = encoder.encode(['Signature1', protectedBytes, EMPTY, payload]);
      if (alg === PS256) {
        return verify(
          'sha256',
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          signature,
        );
      }
      if (alg === ES256)
        return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
      return false;
    } catch {
      return false;
    }
  };
}
