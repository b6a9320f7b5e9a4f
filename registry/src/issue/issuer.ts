/**
 * Issuing and reissuing credentials: the record of DESIGN §2 signed in the real wire format
 * (COSE_Sign1, tag 18, protected `{1: alg}`, unprotected `{4: kid}`), with our status-list
 * reference `ST` unless strictRealFormat, then stored with its registration in one atomic step.
 *
 * @example
 * const issued = await issuer.issue({ qualificationName: '…', holderName: '…', birthDate: '1990-04-01' }, actor);
 */
import {
  ALG_IDS,
  createWebCryptoSigner,
  credentialUrl,
  encodeBase64Url,
  encodeCredentialPayload,
  signSign1,
  type CredentialRecord,
} from '@dqcv/shared-cose';
import type { CertificationAuthority } from '../ca/authority';
import type { CaAlg } from '../ca/keys';
import type { RegistryStore } from '../db/store';

export interface IssueInput {
  qualificationName: string;
  holderName: string;
  /** yyyy-mm-dd */
  birthDate: string;
  registrationNumber?: string;
  registrationDate?: string;
  issuingBody?: string;
  issuerName?: string;
  qualificationId?: string;
  kindCode?: string;
  holderCode?: string;
  alg?: CaAlg;
  strictRealFormat?: boolean;
  verifyBaseUrl?: string;
}

export interface ReissueInput {
  holderName?: string;
  alg?: CaAlg;
  strictRealFormat?: boolean;
  verifyBaseUrl?: string;
}

export interface Issued {
  registrationId: string;
  certificateId: string;
  url: string;
  c: string;
  kid: string;
  alg: CaAlg;
}

/** Why an issuance could not happen (each becomes a problem document). */
export type IssueRefusal = 'no-signer' | 'registration-unknown' | 'registration-not-active';

export interface IssuerOptions {
  store: RegistryStore;
  ca: CertificationAuthority;
  now: () => Date;
  statusListUri: (listId: number) => string;
  /** Where `/w/?c=` pages are served by default (the verifier's base URL). */
  verifyBaseUrl: string;
}

export const DEFAULT_ISSUING_BODY = 'DQCV デモ資格登録機関';

export class CredentialIssuer {
  constructor(private readonly options: IssuerOptions) {}

  async issue(input: IssueInput, actor: string): Promise<Issued | IssueRefusal> {
    const now = this.options.now();
    const registrationId = crypto.randomUUID();
    const record: CredentialRecord = {
      qualificationName: input.qualificationName,
      holderName: input.holderName,
      birthDate: input.birthDate,
      registrationNumber: input.registrationNumber ?? randomDigits(6),
      registrationDate: input.registrationDate ?? japanDate(now),
      issuingBody: input.issuingBody ?? DEFAULT_ISSUING_BODY,
    };
    if (input.kindCode !== undefined) record.kindCode = input.kindCode;
    if (input.issuerName !== undefined) record.issuerName = input.issuerName;
    if (input.qualificationId !== undefined) record.qualificationId = input.qualificationId;
    if (input.holderCode !== undefined) record.holderCode = input.holderCode;

    const signed = await this.sign(record, registrationId, input);
    if (typeof signed === 'string') return signed;
    await this.options.store.insertRegistration(
      {
        id: registrationId,
        qualification_name: input.qualificationName,
        qualification_id: input.qualificationId ?? null,
        kind_code: input.kindCode ?? null,
        holder_name: input.holderName,
        holder_code: input.holderCode ?? null,
        birth_date: input.birthDate,
        registration_number: record.registrationNumber!,
        registration_date: record.registrationDate!,
        issuing_body: record.issuingBody!,
        issuer_name: input.issuerName ?? null,
      },
      signed.certificate,
      { actor, at: now },
    );
    return signed.issued;
  }

  /** A new certificate for an active registration; every earlier one becomes superseded. */
  async reissue(
    registrationId: string,
    input: ReissueInput,
    actor: string,
  ): Promise<Issued | IssueRefusal> {
    const registration = await this.options.store.getRegistration(registrationId);
    if (!registration) return 'registration-unknown';
    if (registration.status !== 'active') return 'registration-not-active';

    const record: CredentialRecord = {
      qualificationName: registration.qualification_name,
      holderName: input.holderName ?? registration.holder_name,
      birthDate: registration.birth_date,
      registrationNumber: registration.registration_number,
      registrationDate: registration.registration_date,
      issuingBody: registration.issuing_body,
    };
    if (registration.kind_code !== null) record.kindCode = registration.kind_code;
    if (registration.issuer_name !== null) record.issuerName = registration.issuer_name;
    if (registration.qualification_id !== null)
      record.qualificationId = registration.qualification_id;
    if (registration.holder_code !== null) record.holderCode = registration.holder_code;

    const signed = await this.sign(record, registrationId, input);
    if (typeof signed === 'string') return signed;
    await this.options.store.reissue(signed.certificate, input.holderName, {
      actor,
      at: this.options.now(),
    });
    return signed.issued;
  }

  /** Completes the record (issue date, id, status reference), signs it and builds the URL. */
  private async sign(
    base: CredentialRecord,
    registrationId: string,
    input: { alg?: CaAlg; strictRealFormat?: boolean; verifyBaseUrl?: string },
  ) {
    const alg = input.alg ?? 'PS256';
    const signer = await this.options.ca.activeSigner(alg);
    if (!signer) return 'no-signer' as const;

    const now = this.options.now();
    const entry = await this.options.store.allocateStatusEntry(now);
    const certificateId = randomDigits(16);
    const record: CredentialRecord = { ...base, issueDate: japanDate(now), certificateId };
    if (!input.strictRealFormat) {
      record.statusList = { idx: entry.index, uri: this.options.statusListUri(entry.listId) };
    }

    const payload = encodeCredentialPayload(record, { strictRealFormat: input.strictRealFormat });
    const cose = await signSign1(
      {
        protectedHeader: { alg: ALG_IDS[alg] },
        unprotectedHeader: { kid: signer.kid },
        payload,
      },
      createWebCryptoSigner(alg, signer.privateKey),
    );
    const url = credentialUrl(input.verifyBaseUrl ?? this.options.verifyBaseUrl, cose);
    return {
      issued: {
        registrationId,
        certificateId,
        url,
        c: encodeBase64Url(cose),
        kid: signer.kid,
        alg,
      },
      certificate: {
        id: certificateId,
        registrationId,
        kid: signer.kid,
        alg,
        statusListId: entry.listId,
        statusIndex: entry.index,
        url,
        recordJson: JSON.stringify(record),
      },
    };
  }
}

/** The calendar date in Japan (UTC+9, no daylight saving), yyyy-mm-dd: the issuer's zone. */
export function japanDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** A random digit string whose first digit is not zero. */
function randomDigits(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return [...bytes].map((b, i) => (i === 0 ? 1 + (b % 9) : b % 10)).join('');
}
