/**
 * The verifier's own key (role `verifier`, docs/ARCHITECTURE.md "Roles"): it signs receipts
 * and the PWA trust bundle as COSE_Sign1, and publishes its public half at /v1/keys. Receipts
 * carry no personal data beyond the certificate id.
 */
import {
  ALG_IDS,
  createWebCryptoSigner,
  encodeCbor,
  importSigningKey,
  parseSpki,
  signSign1,
  type AlgName,
  type Verdict,
} from '@dqcv/shared-cose';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import type { VerifierKeyService } from '../deps';
import { pemToDer } from './encoding';

/** Content types in the protected header (label 3) that keep the two signed kinds apart. */
export const RECEIPT_CONTENT_TYPE = 'application/dqcv-receipt+cbor';
export const TRUST_BUNDLE_CONTENT_TYPE = 'application/dqcv-trust-bundle+cbor';

/** What the trust bundle carries (docs/ARCHITECTURE.md "Trust bundle"). */
export interface TrustBundleContents {
  verificationHosts: string[];
  algorithms: string[];
  anchors: Uint8Array[];
  signers: { kid: string; certificate: Uint8Array; pinned: boolean }[];
  crls: { url: string; crl: Uint8Array; fetchedAt: Date }[];
  statusLists: { uri: string; token: Uint8Array; fetchedAt: Date }[];
  statusListPrefixes: string[];
}

export interface KeyServiceOptions {
  privateKeyPem: string;
  certificatePem: string;
  /** Gathers the current trust material for the bundle. */
  bundleContents: () => Promise<TrustBundleContents>;
  /** How long a signed bundle is reused (seconds; 0 signs every time). */
  bundleSeconds?: number;
  now?: () => Date;
}

/**
 * Loads the verifier key and builds the service.
 *
 * @example
 * const keys = await createKeyService({ privateKeyPem, certificatePem, bundleContents });
 * const receipt = await keys.receipt(verdict); // COSE_Sign1 bytes
 */
export async function createKeyService(
  opts: KeyServiceOptions,
): Promise<VerifierKeyService & { kid: string; alg: AlgName }> {
  const now = opts.now ?? (() => new Date());
  const certDer = pemToDer(opts.certificatePem);
  const cert = new X509Certificate(certDer as Uint8Array<ArrayBuffer>);
  const spki = new Uint8Array(cert.publicKey.rawData);
  const alg = algOfSpki(spki);
  const sign = createWebCryptoSigner(alg, await importSigningKey(alg, opts.privateKeyPem));
  const thumb = new Uint8Array(
    await crypto.subtle.digest('SHA-256', certDer as Uint8Array<ArrayBuffer>),
  );
  const kid = `V-${Array.from(thumb.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const jwk = await exportJwk(spki, alg);

  const signPayload = (contentType: string, payload: unknown) =>
    signSign1(
      {
        protectedHeader: { alg: ALG_IDS[alg], contentType },
        unprotectedHeader: { kid, x5chain: certDer },
        payload: encodeCbor(payload),
      },
      sign,
    );

  let bundle: { bytes: Uint8Array; until: number } | undefined;

  return {
    kid,
    alg,
    async receipt(verdict: Verdict) {
      return signPayload(RECEIPT_CONTENT_TYPE, receiptPayload(verdict, kid));
    },
    async trustBundle() {
      const t = now().getTime();
      if (bundle !== undefined && bundle.until > t) return bundle.bytes;
      const contents = await opts.bundleContents();
      const bytes = await signPayload(TRUST_BUNDLE_CONTENT_TYPE, bundlePayload(contents, now()));
      bundle = { bytes, until: t + (opts.bundleSeconds ?? 30) * 1000 };
      return bytes;
    },
    async publicKeys() {
      return { keys: [{ ...jwk, kid, alg, use: 'sig' }], certificate: cert.toString('pem') };
    },
  };
}

/** The algorithm a verifier key signs with, from its SPKI: P-256 → ES256, RSA → PS256, … */
function algOfSpki(spki: Uint8Array): AlgName {
  const info = parseSpki(spki);
  if (info?.kind === 'ec' && info.curve === 'P-256') return 'ES256';
  if (info?.kind === 'ec' && info.curve === 'P-384') return 'ES384';
  if (info?.kind === 'rsa' || info?.kind === 'rsa-pss') return 'PS256';
  if (info?.kind === 'ed25519') return 'EdDSA';
  throw new Error('the verifier key must be P-256, P-384, RSA or Ed25519');
}

async function exportJwk(spki: Uint8Array, alg: AlgName): Promise<JsonWebKey> {
  const algorithm =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : alg === 'ES384'
        ? { name: 'ECDSA', namedCurve: 'P-384' }
        : alg === 'EdDSA'
          ? { name: 'Ed25519' }
          : { name: 'RSA-PSS', hash: 'SHA-256' };
  const key = await crypto.subtle.importKey(
    'spki',
    spki as Uint8Array<ArrayBuffer>,
    algorithm,
    true,
    ['verify'],
  );
  const { key_ops: _ops, ext: _ext, alg: _alg, ...jwk } = await crypto.subtle.exportKey('jwk', key);
  return jwk;
}

/** The receipt: what was checked, when, and the outcome; no holder data (DESIGN §4). */
export function receiptPayload(verdict: Verdict, kid: string): Map<string, unknown> {
  return new Map<string, unknown>([
    ['v', 1],
    ['certificateId', verdict.credential?.certificateId ?? null],
    ['result', verdict.result],
    ['reasons', verdict.reasons.map((r) => r.code)],
    [
      'checks',
      verdict.checks.map(
        (c) =>
          new Map<string, unknown>([
            ['name', c.name],
            ['status', c.status],
            ...(c.code === undefined ? [] : ([['code', c.code]] as [string, unknown][])),
          ]),
      ),
    ],
    ['checkedAt', verdict.checkedAt],
    ['verifier', kid],
  ]);
}

function bundlePayload(b: TrustBundleContents, at: Date): Map<string, unknown> {
  const secs = (d: Date) => Math.floor(d.getTime() / 1000);
  return new Map<string, unknown>([
    ['v', 1],
    ['iat', secs(at)],
    ['verificationHosts', b.verificationHosts],
    ['algorithms', b.algorithms],
    ['anchors', b.anchors],
    [
      'signers',
      b.signers.map(
        (s) =>
          new Map<string, unknown>([
            ['kid', s.kid],
            ['certificate', s.certificate],
            ['pinned', s.pinned],
          ]),
      ),
    ],
    [
      'crls',
      b.crls.map(
        (c) =>
          new Map<string, unknown>([
            ['url', c.url],
            ['crl', c.crl],
            ['fetchedAt', secs(c.fetchedAt)],
          ]),
      ),
    ],
    [
      'statusLists',
      b.statusLists.map(
        (s) =>
          new Map<string, unknown>([
            ['uri', s.uri],
            ['token', s.token],
            ['fetchedAt', secs(s.fetchedAt)],
          ]),
      ),
    ],
    ['statusListPrefixes', b.statusListPrefixes],
  ]);
}
