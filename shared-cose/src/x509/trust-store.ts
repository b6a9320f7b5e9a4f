/**
 * The trust store (DESIGN §4): trust anchors, credential signers by kid (each validated to an
 * anchor, or pinned by configuration), known intermediates, and the lookup of a credential's
 * signer by kid or from its x5chain header (RFC 9360 §2).
 */
import { CertificateParseError, parseCertificate, type ParsedCertificate } from './certificate';
import { certifiedPaths, profileProblem } from './path-build';
import type { Role } from './roles';
import type { ResolvedSigner } from './signer';

/** A certificate as configured: PEM text or DER bytes. */
export type CertificateInput = string | Uint8Array;

/** One configured signer. `role` defaults to credentialSigner (see ResolvedSigner.pinnedRole). */
export interface SignerConfig {
  kid: string;
  certificate: CertificateInput;
  /** Trusted by itself, without a path to an anchor (the real system's root is unpublished). */
  pinned?: boolean;
  role?: Role;
}

export interface TrustStoreConfig {
  anchors: CertificateInput[];
  signers?: SignerConfig[];
  intermediates?: CertificateInput[];
}

export type ResolveResult =
  { ok: true; signer: ResolvedSigner } | { ok: false; code: 'unknown_signer'; detail: string };

export interface TrustStore {
  /** The configured trust anchors. */
  readonly anchors: readonly ParsedCertificate[];
  /** The kids of the configured signers. */
  kids(): string[];
  /**
   * Finds the signer of a credential: from its x5chain (leaf first) when present, else by kid.
   * Validation (path, validity, role) is `validateSigner`'s; this only finds, so a signer of
   * the wrong role is found here and refused there with `signer_certificate_invalid`.
   */
  resolveSigner(query: {
    kid?: Uint8Array;
    x5chain?: Uint8Array[];
    role: Role;
  }): ResolveResult | Promise<ResolveResult>;
  /** Adds (or replaces, by kid) one signer; throws TrustStoreError if it cannot be trusted. */
  addSigner(signer: SignerConfig): Promise<void>;
  /** Replaces every signer at once, or none: throws TrustStoreError, keeping the old set. */
  replaceSigners(signers: SignerConfig[]): Promise<void>;
}

/** A configuration error: a certificate that cannot be parsed or trusted. */
export class TrustStoreError extends Error {
  override readonly name = 'TrustStoreError';
}

const MAX_KID_BYTES = 64;

/** The most certificates an x5chain may hold (a leaf and its CAs; ours has one). */
export const MAX_X5CHAIN = 6;

/**
 * Creates a trust store. Every signer must chain to an anchor (signatures and structure,
 * checked now; validity is checked per verification), unless it is pinned.
 *
 * @example
 * const store = await createTrustStore({ anchors: [rootPem], signers: [{ kid: 'D-000001', certificate: signerPem }] });
 * const found = await store.resolveSigner({ kid: new TextEncoder().encode('D-000001'), role: 'credentialSigner' });
 */
export async function createTrustStore(config: TrustStoreConfig): Promise<TrustStore> {
  if (!config || !Array.isArray(config.anchors))
    throw new TypeError('createTrustStore: anchors must be an array');
  const anchors = await Promise.all(config.anchors.map((c) => parseConfigured(c, 'anchor')));
  for (const anchor of anchors) {
    const problem = profileProblem(anchor, true);
    if (problem) throw new TrustStoreError(`trust anchor refused: ${problem}`);
  }
  const intermediates = await Promise.all(
    (config.intermediates ?? []).map((c) => parseConfigured(c, 'intermediate')),
  );
  let signers = new Map<string, ResolvedSigner>();

  const build = async (input: SignerConfig): Promise<ResolvedSigner> => {
    if (!input || typeof input.kid !== 'string' || input.kid === '')
      throw new TypeError('signer kid must be a non-empty string');
    const certificate = await parseConfigured(input.certificate, `signer ${input.kid}`);
    const signer = makeSigner(
      input.kid,
      certificate,
      [certificate],
      input.pinned ? 'pinned' : 'chain',
      anchors,
      intermediates,
      input.role ?? 'credentialSigner',
    );
    if (!input.pinned) {
      const found = await certifiedPaths(certificate, anchors, intermediates);
      if (found.paths.length === 0)
        throw new TrustStoreError(`signer ${input.kid} refused: ${found.problem}`);
    }
    return signer;
  };

  const store: TrustStore = {
    anchors,
    kids: () => [...signers.keys()],

    // Synchronous for a kid (a map lookup); an x5chain is parsed asynchronously.
    resolveSigner(query) {
      if (query.x5chain && query.x5chain.length > 0) return fromX5chain(query.x5chain, query.kid);
      if (!query.kid) return unknown('the credential names no signer (no kid, no x5chain)');
      const kid = kidText(query.kid);
      const signer = kid === undefined ? undefined : signers.get(kid);
      return signer ? { ok: true, signer } : unknown('no trusted signer has this kid');
    },

    async addSigner(input) {
      const signer = await build(input);
      signers.set(signer.kid, signer);
    },

    async replaceSigners(inputs) {
      if (!Array.isArray(inputs)) throw new TypeError('replaceSigners: signers must be an array');
      const next = new Map<string, ResolvedSigner>();
      for (const input of inputs) {
        const signer = await build(input);
        next.set(signer.kid, signer);
      }
      signers = next;
    },
  };

  async function fromX5chain(
    x5chain: Uint8Array[],
    kid: Uint8Array | undefined,
  ): Promise<ResolveResult> {
    if (x5chain.length > MAX_X5CHAIN)
      return unknown(`x5chain holds more than ${MAX_X5CHAIN} certificates`);
    let chain: ParsedCertificate[];
    try {
      chain = await Promise.all(x5chain.map((der) => parseCertificate(der)));
    } catch (error) {
      if (error instanceof CertificateParseError) return unknown(`x5chain: ${error.message}`);
      throw error;
    }
    const leaf = chain[0]!;
    const text = kid === undefined ? '' : (kidText(kid) ?? '');
    // The same certificate configured under this kid keeps its configured trust (e.g. pinned).
    const configured = text ? signers.get(text) : undefined;
    if (configured && configured.certificate === leaf) return { ok: true, signer: configured };
    return { ok: true, signer: makeSigner(text, leaf, chain, 'chain', anchors, intermediates) };
  }

  for (const signer of config.signers ?? []) await store.addSigner(signer);
  return store;
}

function makeSigner(
  kid: string,
  certificate: ParsedCertificate,
  chain: ParsedCertificate[],
  trust: 'chain' | 'pinned',
  anchors: readonly ParsedCertificate[],
  intermediates: readonly ParsedCertificate[],
  role?: Role,
): ResolvedSigner {
  return {
    kid,
    spki: certificate.spki,
    info: {
      kid,
      subject: certificate.subject,
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      trust,
    },
    trust,
    certificate,
    chain,
    anchors,
    intermediates,
    ...(trust === 'pinned' && role && { pinnedRole: role }),
  };
}

async function parseConfigured(input: CertificateInput, what: string): Promise<ParsedCertificate> {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError(`${what}: a certificate must be PEM text or DER bytes`);
  }
  try {
    return await parseCertificate(input);
  } catch (error) {
    if (error instanceof CertificateParseError)
      throw new TrustStoreError(`${what}: ${error.message}`);
    throw error;
  }
}

/** A kid as text: our kids are ASCII (DESIGN §2); other bytes match no configured signer. */
function kidText(kid: Uint8Array): string | undefined {
  if (!(kid instanceof Uint8Array)) throw new TypeError('kid must be a Uint8Array');
  if (kid.length === 0 || kid.length > MAX_KID_BYTES) return undefined;
  // One pass checks printable ASCII and builds the text; no spread of a typed array (that
  // copies it into an argument list on every lookup). Each byte maps to exactly one character,
  // so two different kids never give the same text.
  let text = '';
  for (let i = 0; i < kid.length; i++) {
    const byte = kid[i]!;
    if (byte < 0x20 || byte > 0x7e) return undefined;
    text += String.fromCharCode(byte);
  }
  return text;
}

function unknown(detail: string): ResolveResult {
  return { ok: false, code: 'unknown_signer', detail };
}
