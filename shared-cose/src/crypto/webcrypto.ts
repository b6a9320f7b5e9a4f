/**
 * The default crypto backend: the platform's WebCrypto, the same code in Node 20, browsers and
 * workerd. Ed25519 goes through WebCrypto where the runtime has it and through @noble/curves
 * where it does not (see `ed25519-fallback.ts`).
 */
import type { AlgName, CryptoBackend } from '../types';
import {
  MIN_RSA_MODULUS_BITS,
  paramsKey,
  signatureParams,
  type SignatureParams,
  type SignaturePrimitive,
} from './algorithms';
import { nobleEd25519Verify, webCryptoHasEd25519 } from './ed25519-fallback';
import { KeyCache } from './key-cache';
import { assertBytes, rsaSignatureLengthOk, signatureShapeOk } from './shape';
import { ed25519RawKey, spkiForParams } from './spki';

export interface WebCryptoBackendOptions {
  /**
   * Where Ed25519 runs: `auto` (default) probes WebCrypto once and falls back to @noble/curves;
   * `webcrypto` or `noble` force one (tests use this to exercise both on every runtime).
   */
  ed25519?: 'auto' | 'webcrypto' | 'noble';
  /** The SubtleCrypto to use; default `globalThis.crypto.subtle`. */
  subtle?: SubtleCrypto;
  /** How many keys the content-keyed LRU keeps (default 64). */
  cacheSize?: number;
}

/** A key ready for verification, or null when the key cannot serve these parameters. */
type Prepared =
  | { engine: 'subtle'; key: CryptoKey; modulusBits?: number }
  | { engine: 'noble'; publicKey: Uint8Array }
  | null;

/**
 * Creates the WebCrypto backend. Keys are imported once per SPKI and parameter set.
 *
 * @example
 * const crypto = createWebCryptoBackend();
 * const ok = await crypto.verify('PS256', signerSpki, sigStructure, signature);
 */
export function createWebCryptoBackend(
  options: WebCryptoBackendOptions = {},
): CryptoBackend & SignaturePrimitive {
  const subtle = options.subtle ?? globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available in this runtime');
  const cache = new KeyCache<Promise<Prepared>>(options.cacheSize);
  const mode = options.ed25519 ?? 'auto';
  let useNoble: Promise<boolean> | undefined;

  const ed25519Engine = (): Promise<boolean> => {
    if (mode !== 'auto') return Promise.resolve(mode === 'noble');
    useNoble ??= webCryptoHasEd25519(subtle).then((has) => !has);
    return useNoble;
  };

  const prepare = async (p: SignatureParams, spki: Uint8Array): Promise<Prepared> => {
    const usable = spkiForParams(spki, p);
    if (!usable) return null;
    try {
      switch (p.kind) {
        case 'ecdsa': {
          const alg = { name: 'ECDSA', namedCurve: p.curve };
          return {
            engine: 'subtle',
            key: await subtle.importKey('spki', buf(usable), alg, false, ['verify']),
          };
        }
        case 'rsa-pss': {
          const alg = { name: 'RSA-PSS', hash: p.hash };
          const key = await subtle.importKey('spki', buf(usable), alg, false, ['verify']);
          const modulusBits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
          return modulusBits >= MIN_RSA_MODULUS_BITS
            ? { engine: 'subtle', key, modulusBits }
            : null;
        }
        case 'ed25519': {
          if (await ed25519Engine()) {
            const publicKey = ed25519RawKey(usable);
            return publicKey ? { engine: 'noble', publicKey } : null;
          }
          const key = await subtle.importKey('spki', buf(usable), { name: 'Ed25519' }, false, [
            'verify',
          ]);
          return { engine: 'subtle', key };
        }
      }
    } catch {
      // The engine refused the key (e.g. an EC point not on the curve): nothing can verify.
      return null;
    }
  };

  const verifyWith = async (
    p: SignatureParams,
    spki: Uint8Array,
    data: Uint8Array,
    signature: Uint8Array,
  ): Promise<boolean> => {
    assertBytes('spki', spki);
    assertBytes('data', data);
    assertBytes('signature', signature);
    if (!signatureShapeOk(p, signature)) return false;

    const prepared = await cache.get(spki, paramsKey(p), () => prepare(p, spki));
    if (!prepared) return false;
    if (prepared.engine === 'noble') return nobleEd25519Verify(prepared.publicKey, data, signature);
    if (prepared.modulusBits && !rsaSignatureLengthOk(prepared.modulusBits, signature))
      return false;

    try {
      return await subtle.verify(engineParams(p), prepared.key, buf(signature), buf(data));
    } catch {
      return false;
    }
  };

  return {
    name: 'webcrypto',
    // SubtleCrypto copies the bytes an argument views when it is called (WebCrypto §14.3,
    // "get a copy of the buffer source"), so pooled views are safe to hand it.
    readsViewedBytesOnly: true,
    // async, so that an unknown algorithm (misuse) arrives as a rejection like any other error.
    verify: async (alg: AlgName, spki, data, signature) =>
      verifyWith(signatureParams(alg), spki, data, signature),
    verifyWith,
  };
}

function engineParams(p: SignatureParams): AlgorithmIdentifier | EcdsaParams | RsaPssParams {
  switch (p.kind) {
    case 'ecdsa':
      return { name: 'ECDSA', hash: p.hash };
    case 'rsa-pss':
      return { name: 'RSA-PSS', saltLength: p.saltLength };
    case 'ed25519':
      return { name: 'Ed25519' };
  }
}

/**
 * WebCrypto's TypeScript types want ArrayBuffer-backed views; our inputs may be views over a
 * SharedArrayBuffer-typed buffer in the type system only. This narrows the type, it copies nothing.
 */
function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}
