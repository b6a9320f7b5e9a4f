/** What a host injects into the verifier app: the core, keys, and the optional Node-only parts. */
import type { Context } from 'hono';
import type { Lang, Verdict } from '@dqcv/shared-cose';
import type { VerifierConfig } from './config';
import type { Logger } from './http/logger';

/** One verification request: the QR text or the bare payload. */
export type VerifyInput = { url: string } | { c: string };

/** Verifies one input with the configured trust material; never throws for a bad credential. */
export interface VerifierCore {
  verify(input: VerifyInput, lang: Lang): Promise<Verdict>;
}

/** The verifier's own key: signs receipts and the trust bundle, publishes its public half. */
export interface VerifierKeyService {
  /** A COSE_Sign1 receipt for a verdict (docs/ARCHITECTURE.md "Receipts"). */
  receipt(verdict: Verdict): Promise<Uint8Array>;
  /** The PWA trust bundle, a COSE_Sign1 (docs/ARCHITECTURE.md "Trust bundle"). */
  trustBundle(): Promise<Uint8Array>;
  /** The public key as a JWK set and the certificate as PEM. */
  publicKeys(): Promise<{ keys: JsonWebKey[]; certificate: string }>;
}

/** Kinds of uploaded file, recognised by their first bytes. */
export type FileKind = 'png' | 'jpeg' | 'pdf';

/**
 * Thrown by a FileDecoder for an upload too large to decode (e.g. an image of absurd
 * dimensions); the route answers a `too-large` problem with its message as the detail.
 *
 * @example
 * throw new FileTooLargeError('the image is too large: 20000x20000 pixels');
 */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
}

/**
 * Finds QR texts in an uploaded file (Node host only: it renders and scans pixels). Images
 * larger than its scan size are scaled down first; see FileTooLargeError for absurd ones.
 */
export type FileDecoder = (bytes: Uint8Array, kind: FileKind) => Promise<string[]>;

/** Static assets of the /docs reference page (swagger-ui-dist), read by the host. */
export type DocsAssets = (
  name: 'swagger-ui.css' | 'swagger-ui-bundle.js',
) => Promise<string | undefined>;

export interface VerifierAppDeps {
  config: VerifierConfig;
  verifier: VerifierCore;
  keys?: VerifierKeyService;
  fileDecoder?: FileDecoder;
  docsAssets?: DocsAssets;
  logger?: Logger;
  /** The client's address for rate limiting; the default trusts no forwarding header. */
  clientKey?: (c: Context) => string | undefined;
  /** Where the scanner PWA lives, linked from the page. */
  appHref?: string;
  /** Readiness: /healthz answers 503 until this resolves true. */
  ready?: () => boolean;
}
