/**
 * The trust bundle (docs/ARCHITECTURE.md "Trust bundle"): a COSE_Sign1 by the verifier's own key
 * over a CBOR map of anchors, signers, CRLs and status lists, with their fetch times. It is used
 * only after its signature verifies under the bundle key this app was built or deployed with;
 * a key sent along in the bundle itself (x5chain) is never what decides.
 */
import {
  createWebCryptoBackend,
  decodeCbor,
  decodeSign1,
  parseSpki,
  sign1Algorithm,
  verifySign1,
  type AlgName,
} from '@dqcv/shared-cose';

export const TRUST_BUNDLE_CONTENT_TYPE = 'application/dqcv-trust-bundle+cbor';

/** The bundle's contents, every member type-checked and copied. */
export interface TrustBundle {
  issuedAt: Date;
  verificationHosts: string[];
  algorithms: AlgName[];
  anchors: Uint8Array[];
  signers: Array<{ kid: string; certificate: Uint8Array; pinned: boolean }>;
  crls: Array<{ url: string; crl: Uint8Array; fetchedAt: Date }>;
  statusLists: Array<{ uri: string; token: Uint8Array; fetchedAt: Date }>;
  statusListPrefixes: string[];
}

export type BundleResult = { ok: true; bundle: TrustBundle } | { ok: false; detail: string };

const KNOWN_ALGS: readonly AlgName[] = [
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/**
 * Verifies and reads a signed trust bundle.
 *
 * @example
 * const opened = await openBundle(bytes, config.bundleKey);
 * if (opened.ok) console.log(opened.bundle.issuedAt);
 */
export async function openBundle(bytes: Uint8Array, key: JsonWebKey): Promise<BundleResult> {
  const decoded = decodeSign1(bytes);
  if (!decoded.ok) return { ok: false, detail: `bundle: ${decoded.detail}` };
  const sign1 = decoded.sign1;
  if (sign1.protectedHeader.contentType !== TRUST_BUNDLE_CONTENT_TYPE) {
    return { ok: false, detail: 'bundle: wrong content type (not a trust bundle)' };
  }

  const keyInfo = await spkiOfJwk(key);
  if (!keyInfo) return { ok: false, detail: 'bundle key: unusable JWK' };
  const alg = sign1Algorithm(sign1, { allowedAlgorithms: [keyInfo.alg] });
  if (!alg.ok) return { ok: false, detail: `bundle: ${alg.detail}` };
  const good = await verifySign1(sign1, {
    alg: alg.alg,
    spki: keyInfo.spki,
    crypto: createWebCryptoBackend(),
  });
  if (!good.ok) return { ok: false, detail: `bundle: ${good.detail}` };

  const payload = decodeCbor(sign1.payload);
  if (!payload.ok) return { ok: false, detail: `bundle payload: ${payload.detail}` };
  return readContents(payload.value);
}

/** The SPKI DER and COSE algorithm of a configured JWK (WebCrypto does the parsing). */
async function spkiOfJwk(jwk: JsonWebKey): Promise<{ spki: Uint8Array; alg: AlgName } | null> {
  const algorithm =
    jwk.kty === 'EC' && jwk.crv === 'P-256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : jwk.kty === 'EC' && jwk.crv === 'P-384'
        ? { name: 'ECDSA', namedCurve: 'P-384' }
        : jwk.kty === 'RSA'
          ? { name: 'RSA-PSS', hash: 'SHA-256' }
          : jwk.kty === 'OKP' && jwk.crv === 'Ed25519'
            ? { name: 'Ed25519' }
            : null;
  if (!algorithm) return null;
  const { kty, crv, x, y, n, e } = jwk;
  try {
    const key = await crypto.subtle.importKey('jwk', { kty, crv, x, y, n, e }, algorithm, true, [
      'verify',
    ]);
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key));
    const info = parseSpki(spki);
    const alg: AlgName | null =
      info?.kind === 'ec' && info.curve === 'P-256'
        ? 'ES256'
        : info?.kind === 'ec' && info.curve === 'P-384'
          ? 'ES384'
          : info?.kind === 'rsa'
            ? 'PS256'
            : info?.kind === 'ed25519'
              ? 'EdDSA'
              : null;
    return alg ? { spki, alg } : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the payload, member by member

class Shape extends Error {}

function readContents(value: unknown): BundleResult {
  try {
    const m = asMap(value, 'bundle');
    if (m.get('v') !== 1) throw new Shape('bundle version is not 1');
    return {
      ok: true,
      bundle: {
        issuedAt: secondsToDate(m.get('iat'), 'iat'),
        verificationHosts: list(m.get('verificationHosts'), 'verificationHosts', text),
        algorithms: list(m.get('algorithms'), 'algorithms', text).filter((a): a is AlgName =>
          (KNOWN_ALGS as readonly string[]).includes(a),
        ),
        anchors: list(m.get('anchors'), 'anchors', bytes),
        signers: list(m.get('signers'), 'signers', (v, at) => {
          const s = asMap(v, at);
          return {
            kid: text(s.get('kid'), `${at}.kid`),
            certificate: bytes(s.get('certificate'), `${at}.certificate`),
            pinned: s.get('pinned') === true,
          };
        }),
        crls: list(m.get('crls'), 'crls', (v, at) => {
          const c = asMap(v, at);
          return {
            url: text(c.get('url'), `${at}.url`),
            crl: bytes(c.get('crl'), `${at}.crl`),
            fetchedAt: secondsToDate(c.get('fetchedAt'), `${at}.fetchedAt`),
          };
        }),
        statusLists: list(m.get('statusLists'), 'statusLists', (v, at) => {
          const s = asMap(v, at);
          return {
            uri: text(s.get('uri'), `${at}.uri`),
            token: bytes(s.get('token'), `${at}.token`),
            fetchedAt: secondsToDate(s.get('fetchedAt'), `${at}.fetchedAt`),
          };
        }),
        statusListPrefixes: list(m.get('statusListPrefixes'), 'statusListPrefixes', text),
      },
    };
  } catch (err) {
    if (err instanceof Shape) return { ok: false, detail: `bundle payload: ${err.message}` };
    throw err;
  }
}

function asMap(v: unknown, at: string): Map<unknown, unknown> {
  if (!(v instanceof Map)) throw new Shape(`${at} is not a map`);
  return v;
}

function list<T>(v: unknown, at: string, item: (v: unknown, at: string) => T): T[] {
  if (!Array.isArray(v)) throw new Shape(`${at} is not an array`);
  return v.map((x, i) => item(x, `${at}[${i}]`));
}

function text(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new Shape(`${at} is not text`);
  return v;
}

function bytes(v: unknown, at: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new Shape(`${at} is not a byte string`);
  return v.slice();
}

function secondsToDate(v: unknown, at: string): Date {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new Shape(`${at} is not a time in seconds`);
  }
  return new Date(v * 1000);
}
