/**
 * The signer that the trust store finds for a credential (by kid, or from its x5chain), as
 * path validation and the CRL check receive it.
 */
import type { SignerInfo } from '../types';
import type { ParsedCertificate } from './certificate';
import type { Role } from './roles';

/** How a signer is trusted: validated to an anchor, or pinned by configuration (DESIGN §4). */
export type SignerTrust = 'chain' | 'pinned';

/**
 * A resolved signer. `spki` is the leaf's SubjectPublicKeyInfo DER, the same array for every
 * resolution of the same certificate, so crypto backends may cache the imported key by it.
 *
 * @example
 * const found = await store.resolveSigner({ kid, role: 'credentialSigner' });
 * if (found.ok) await backend.verify(alg, found.signer.spki, toBeSigned, signature);
 */
export interface ResolvedSigner {
  /** The kid as text ('' when the credential had none and named its signer by x5chain). */
  readonly kid: string;
  readonly spki: Uint8Array;
  /** What the verdict shows (SignerInfo without `alg`, which the COSE header gives). */
  readonly info: Omit<SignerInfo, 'alg'>;
  readonly trust: SignerTrust;
  /** The leaf certificate. */
  readonly certificate: ParsedCertificate;
  /** The leaf, then the certificates that came with it (the rest of an x5chain). */
  readonly chain: readonly ParsedCertificate[];
  /** The trust anchors and the known intermediates that path building may use. */
  readonly anchors: readonly ParsedCertificate[];
  readonly intermediates: readonly ParsedCertificate[];
  /**
   * For a pinned signer: the role its configuration trusts it for. A pinned certificate from
   * another system (the real one) carries none of our role EKUs; this stands in for them.
   */
  readonly pinnedRole?: Role;
}
