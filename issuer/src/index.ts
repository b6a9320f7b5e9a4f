/**
 * @dqcv/issuer: the registry admin client, the verifier client, QR and PDF rendering of the
 * デジタル資格者証, and the `dqcv` command line (`runCli`).
 *
 * @example
 * import { RegistryClient, qrPng, renderCertificatePdf } from '@dqcv/issuer';
 * const registry = new RegistryClient({ server: 'http://127.0.0.1:8787', adminToken });
 * const { url } = await registry.issue({ qualificationName: '小型船舶操縦士', holderName: '山田 花子', birthDate: '1990-04-01' });
 * const png = await qrPng(url);
 */
export {
  RegistryClient,
  RegistryError,
  RegistryUnreachableError,
  ProtocolError,
  type CertificateDetails,
  type HistoryEntry,
  type IssueRequest,
  type IssuedCertificate,
  type RegistrationStatus,
  type RegistryClientOptions,
  type ReissueRequest,
  type SignAlg,
} from './client';
export {
  VerifierClient,
  VerifierError,
  VerifierUnreachableError,
  sniffFileKind,
  type FileKind,
  type VerdictSummary,
} from './verify-client';
export { qrMatrix, qrPng, qrSvg, QUIET_ZONE, type QrMatrix, type QrPngOptions } from './render/qr';
export {
  certificateTitle,
  formatDate,
  renderCertificatePdf,
  type CertificateDocument,
} from './render/pdf';
export { certificateDocumentFrom } from './certificate-document';
export { runCli } from './cli/run';
export { EXIT, type Context as CliContext } from './cli/context';
