/**
 * Turns the registry's view of an issued certificate into what the PDF shows. The registry
 * answers the decoded record either with our field names (shared-cose `CredentialRecord`) or
 * with the payload's two-letter keys (DESIGN §2); both are read, each member type-checked.
 */
import type { CertificateDetails } from './client';
import { ProtocolError } from './http-shape';
import type { CertificateDocument } from './render/pdf';

/** Our field name → the payload key of DESIGN §2. */
const KEYS = {
  qualificationName: 'CN',
  holderName: 'UN',
  birthDate: 'UB',
  registrationNumber: 'RN',
  issueDate: 'ID',
  issuingBody: 'IA',
  issuerName: 'IN',
  certificateId: 'DN',
} as const;

function member(record: Record<string, unknown>, field: keyof typeof KEYS): string | undefined {
  const value = record[field] ?? record[KEYS[field]];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ProtocolError(`record member "${field}" is not text`);
  return value;
}

function needed(record: Record<string, unknown>, field: keyof typeof KEYS): string {
  const value = member(record, field);
  if (!value) throw new ProtocolError(`the certificate record has no ${field}`);
  return value;
}

/**
 * The printable certificate of an issued credential.
 *
 * @example
 * const doc = certificateDocumentFrom(await registry.certificate(certificateId));
 * const pdf = await renderCertificatePdf(doc);
 */
export function certificateDocumentFrom(
  details: CertificateDetails,
  photo?: Uint8Array,
): CertificateDocument {
  const record = details.record;
  const issuingBody = member(record, 'issuingBody') ?? member(record, 'issuerName');
  const registrationNumber = member(record, 'registrationNumber');
  return {
    qualificationName: needed(record, 'qualificationName'),
    holderName: needed(record, 'holderName'),
    birthDate: needed(record, 'birthDate'),
    issueDate: member(record, 'issueDate') ?? details.issuedAt.slice(0, 10),
    url: details.url,
    certificateId: member(record, 'certificateId') ?? details.certificateId,
    ...(registrationNumber ? { registrationNumber } : {}),
    ...(issuingBody ? { issuingBody } : {}),
    ...(photo ? { photo } : {}),
  };
}
