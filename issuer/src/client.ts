/**
 * A typed client of the registry's admin API (docs/ARCHITECTURE.md "Registry HTTP layout"),
 * over fetch. Every answer is checked member by member before it is handed on; an RFC 9457
 * problem document becomes a `RegistryError` whose message a person can read, and a server
 * that cannot be reached becomes a `RegistryUnreachableError`.
 */
import {
  ProtocolError,
  expectArray,
  expectObject,
  expectString,
  fetchFailure,
  optionalString,
  problemFrom,
  type Problem,
} from './http-shape';

export type SignAlg = 'PS256' | 'ES256';
export type RegistrationStatus = 'active' | 'suspended' | 'revoked' | 'deleted';

/** Body of `POST /registry/admin/v1/issue`. Dates `yyyy-mm-dd`. */
export interface IssueRequest {
  qualificationName: string;
  holderName: string;
  birthDate: string;
  registrationNumber?: string;
  registrationDate?: string;
  issuingBody?: string;
  issuerName?: string;
  qualificationId?: string;
  kindCode?: string;
  holderCode?: string;
  alg?: SignAlg;
  strictRealFormat?: boolean;
  verifyBaseUrl?: string;
}

/** Body of a reissue (`POST /registry/admin/v1/registrations/{id}/certificates`). */
export interface ReissueRequest {
  holderName?: string;
  alg?: SignAlg;
  strictRealFormat?: boolean;
  verifyBaseUrl?: string;
}

/** What issuing or reissuing answers. `url` is the QR text; `c` its signed value. */
export interface IssuedCertificate {
  registrationId: string;
  certificateId: string;
  url: string;
  c: string;
  kid: string;
  alg: string;
}

/** An issued certificate as the registry keeps it. `record` is the signed payload, decoded. */
export interface CertificateDetails {
  certificateId: string;
  registrationId: string;
  url: string;
  record: Record<string, unknown>;
  kid: string;
  alg: string;
  status: string;
  issuedAt: string;
}

export interface HistoryEntry {
  at: string;
  from: string | null;
  to: string;
  reason: string | null;
  actor: string | null;
}

/** The registry answered with a problem document (or an unexpected status). */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(
      `registry refused the request (${status}${problem.title ? ` ${problem.title}` : ''})` +
        (problem.detail ? `: ${problem.detail}` : ''),
    );
  }

  /** The last path segment of the problem `type`, e.g. `certificate-unknown`. */
  get code(): string | undefined {
    return this.problem.type?.split('/').pop() || undefined;
  }
}

/** The server could not be reached at all (refused, DNS, timeout). */
export class RegistryUnreachableError extends Error {
  override readonly name = 'RegistryUnreachableError';
  constructor(
    readonly server: string,
    cause: unknown,
  ) {
    super(`cannot reach the server at ${server}: ${fetchFailure(cause)}`);
  }
}

export { ProtocolError };

export interface RegistryClientOptions {
  /** The server root, e.g. `http://127.0.0.1:8787` (the registry lives under `/registry`). */
  server: string;
  /** The admin bearer token; public calls work without it. */
  adminToken?: string;
  /** Per-request timeout, 15 s by default. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The registry's admin API.
 *
 * @example
 * const registry = new RegistryClient({ server: 'http://127.0.0.1:8787', adminToken });
 * const { url, certificateId } = await registry.issue({
 *   qualificationName: '小型船舶操縦士', holderName: '山田 花子', birthDate: '1990-04-01',
 * });
 * await registry.setStatus(certificateId, 'suspended', '調査中');
 */
export class RegistryClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: RegistryClientOptions) {
    let root: URL;
    try {
      root = new URL(options.server);
    } catch {
      throw new TypeError(`server must be an absolute URL, got ${JSON.stringify(options.server)}`);
    }
    if (root.protocol !== 'http:' && root.protocol !== 'https:') {
      throw new TypeError('server must be an http or https URL');
    }
    this.base = `${root.origin}${root.pathname.replace(/\/+$/, '')}/registry`;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Registers a holder's qualification and issues its first certificate. */
  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    return issued(await this.call('POST', '/admin/v1/issue', request));
  }

  /** Issues a new certificate for a registration; its previous one becomes superseded. */
  async reissue(registrationId: string, request: ReissueRequest = {}): Promise<IssuedCertificate> {
    const path = `/admin/v1/registrations/${segment(registrationId)}/certificates`;
    return issued(await this.call('POST', path, request));
  }

  /** Changes the status of the registration a certificate belongs to. */
  async setStatus(
    certificateId: string,
    status: RegistrationStatus,
    reason?: string,
  ): Promise<{ registrationId: string; status: string }> {
    const path = `/admin/v1/certificates/${segment(certificateId)}/status`;
    const body = expectObject(
      await this.call('POST', path, { status, ...(reason ? { reason } : {}) }),
    );
    return {
      registrationId: expectString(body, 'registrationId'),
      status: expectString(body, 'status'),
    };
  }

  /** One certificate with its decoded record and current status. */
  async certificate(certificateId: string): Promise<CertificateDetails> {
    const body = expectObject(
      await this.call('GET', `/admin/v1/certificates/${segment(certificateId)}`),
    );
    return {
      certificateId: expectString(body, 'certificateId'),
      registrationId: expectString(body, 'registrationId'),
      url: expectString(body, 'url'),
      record: expectObject(body.record, 'record'),
      kid: expectString(body, 'kid'),
      alg: expectString(body, 'alg'),
      status: expectString(body, 'status'),
      issuedAt: expectString(body, 'issuedAt'),
    };
  }

  /** The append-only status history of a registration, oldest first. */
  async history(registrationId: string): Promise<HistoryEntry[]> {
    const path = `/admin/v1/registrations/${segment(registrationId)}/history`;
    return expectArray(await this.call('GET', path), 'history').map((item) => {
      const entry = expectObject(item, 'history entry');
      return {
        at: expectString(entry, 'at'),
        from: optionalString(entry, 'from') ?? null,
        to: expectString(entry, 'to'),
        reason: optionalString(entry, 'reason') ?? null,
        actor: optionalString(entry, 'actor') ?? null,
      };
    });
  }

  /** Revokes a credential signer's certificate; the CA publishes a new CRL at once. */
  async revokeSigner(kid: string, reason?: string): Promise<void> {
    await this.call('POST', `/admin/v1/signers/${segment(kid)}/revoke`, reason ? { reason } : {});
  }

  /** Adds a credential signer (key rotation). */
  async addSigner(alg: SignAlg): Promise<{ kid: string; certificate: string }> {
    const body = expectObject(await this.call('POST', '/admin/v1/signers', { alg }));
    return { kid: expectString(body, 'kid'), certificate: expectString(body, 'certificate') };
  }

  /** The public status answer for a certificate id (no personal data). */
  async publicStatus(certificateId: string): Promise<{ certificateId: string; status: string }> {
    const body = expectObject(
      await this.call('GET', `/v1/certificates/${segment(certificateId)}/status`),
    );
    return {
      certificateId: expectString(body, 'certificateId'),
      status: expectString(body, 'status'),
    };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.adminToken) headers.authorization = `Bearer ${this.options.adminToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new RegistryUnreachableError(this.options.server, error);
    }

    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new RegistryError(response.status, problemFrom(parsed, response));
    if (parsed === undefined && text) {
      throw new ProtocolError(`${method} ${path}: the answer is not JSON`);
    }
    return parsed;
  }
}

function segment(value: string): string {
  if (typeof value !== 'string' || value === '')
    throw new TypeError('an id must be a non-empty string');
  return encodeURIComponent(value);
}

function issued(value: unknown): IssuedCertificate {
  const body = expectObject(value, 'issue answer');
  return {
    registrationId: expectString(body, 'registrationId'),
    certificateId: expectString(body, 'certificateId'),
    url: expectString(body, 'url'),
    c: expectString(body, 'c'),
    kid: expectString(body, 'kid'),
    alg: expectString(body, 'alg'),
  };
}
