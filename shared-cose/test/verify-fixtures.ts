/** Credentials, trust and status for the pipeline tests, built from real keys and certificates. */
import { credentialUrl, encodeCredentialPayload } from '../src/codec/payload';
import { signSign1, type HeaderInput } from '../src/cose/sign';
import { defaultPolicy } from '../src/policy';
import type {
  CredentialRecord,
  QualificationStatus,
  StatusAnswer,
  StatusSource,
} from '../src/types';
import { ALG_IDS } from '../src/types';
import type { VerifyContext } from '../src/verify';
import { createTrustStore, type SignerConfig } from '../src/x509/trust-store';
import { crlSource, makeCrl, type TestCa, type TestSigner } from './verify-pki';

export const BASE = 'http://127.0.0.1:8787';

export const RECORD: CredentialRecord = {
  qualificationName: '小型船舶操縦士',
  holderName: '試験 花子',
  birthDate: '1990-04-01',
  registrationNumber: '000123456789',
  registrationDate: '2020-06-15',
  issueDate: new Date().toISOString().slice(0, 10),
  issuingBody: '国土交通省',
  certificateId: 'DN-0001',
};

export interface IssueOptions {
  record?: CredentialRecord;
  protectedHeader?: HeaderInput | Map<number, unknown>;
  unprotectedHeader?: HeaderInput | Map<number, unknown>;
  /** Replaces the signing function (to produce unusual signatures). */
  sign?: (toBeSigned: Uint8Array) => Promise<Uint8Array>;
}

/** COSE_Sign1 bytes of a credential in the real wire format, signed by `signer` under `kid`. */
export async function issue(signer: TestSigner, kid: string, options: IssueOptions = {}) {
  return signSign1(
    {
      protectedHeader: options.protectedHeader ?? { alg: ALG_IDS[signer.alg] },
      unprotectedHeader: options.unprotectedHeader ?? { kid },
      payload: encodeCredentialPayload(options.record ?? RECORD),
    },
    options.sign ?? signer.sign,
  );
}

export async function issueUrl(signer: TestSigner, kid: string, options: IssueOptions = {}) {
  return credentialUrl(BASE, await issue(signer, kid, options));
}

/** A registry-like status source: answers per certificate id from a table it is given. */
export function registryStatus(
  table: Record<string, QualificationStatus>,
): StatusSource & { seen: CredentialRecord[] } {
  const source = {
    seen: [] as CredentialRecord[],
    async getStatus(record: CredentialRecord): Promise<StatusAnswer> {
      source.seen.push(record);
      const status = record.certificateId ? table[record.certificateId] : undefined;
      if (!status) return { ok: false, code: 'certificate_unknown' };
      return { ok: true, status, source: 'registry', fetchedAt: new Date() };
    },
  };
  return source;
}

/** A context trusting `ca` with the given signers, a fresh empty CRL, and all certificates valid. */
export async function context(
  ca: TestCa,
  signers: SignerConfig[],
  overrides: Partial<VerifyContext> = {},
): Promise<VerifyContext> {
  const crl = await makeCrl(ca);
  return {
    policy: defaultPolicy,
    trust: await createTrustStore({ anchors: [ca.der], signers }),
    crls: crlSource(() => ({ ok: true, der: crl, fetchedAt: new Date() })),
    status: registryStatus({ [RECORD.certificateId!]: 'valid' }),
    ...overrides,
  };
}
