/**
 * The root's CRL (RFC 5280 §5): version 2, CRL number, authority key identifier, one entry per
 * revoked signer certificate. Short-lived (one day by default) and renewed when less than half
 * of its validity remains, so a verifier never needs to accept a stale one.
 *
 * @example
 * const crl = await createCrl({ root, rootKey, number: 1, thisUpdate: now, revoked: [] });
 */
import 'reflect-metadata';
import {
  AuthorityKeyIdentifierExtension,
  Extension,
  X509Crl,
  X509CrlGenerator,
  X509CrlReason,
  type X509Certificate,
} from '@peculiar/x509';
import { algOfKey, x509SigningAlgorithm } from './keys';

/** RFC 5280 §5.2.3 cRLNumber. */
const CRL_NUMBER_OID = '2.5.29.20';

export const DEFAULT_CRL_VALIDITY_MS = 86_400_000;

export interface RevokedEntry {
  serialNumber: string;
  revokedAt: Date;
}

export interface CrlRequest {
  root: X509Certificate;
  rootKey: CryptoKey;
  number: number;
  thisUpdate: Date;
  validityMs?: number;
  revoked: readonly RevokedEntry[];
}

export async function createCrl(request: CrlRequest): Promise<X509Crl> {
  const validity = request.validityMs ?? DEFAULT_CRL_VALIDITY_MS;
  return X509CrlGenerator.create({
    issuer: request.root.subject,
    thisUpdate: request.thisUpdate,
    nextUpdate: new Date(request.thisUpdate.getTime() + validity),
    signingKey: request.rootKey,
    signingAlgorithm: x509SigningAlgorithm(algOfKey(request.rootKey)),
    extensions: [
      await AuthorityKeyIdentifierExtension.create(request.root),
      new Extension(CRL_NUMBER_OID, false, derInteger(request.number)),
    ],
    entries: request.revoked.map((entry) => ({
      serialNumber: entry.serialNumber,
      revocationDate: entry.revokedAt,
      reason: X509CrlReason.keyCompromise,
    })),
  });
}

/** Whether a CRL should be replaced: less than half of its validity remains (or none). */
export function crlNeedsRenewal(thisUpdate: Date, nextUpdate: Date, now: Date): boolean {
  const half = (nextUpdate.getTime() - thisUpdate.getTime()) / 2;
  return nextUpdate.getTime() - now.getTime() < half;
}

/** DER INTEGER of a small non-negative number (X.690 §8.3: minimal two's complement). */
function derInteger(value: number): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('CRL number out of range');
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return new Uint8Array([0x02, bytes.length, ...bytes]);
}

export { X509Crl };
