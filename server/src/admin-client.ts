/** A small client of the registry admin API (docs/ARCHITECTURE.md "Admin"), over real HTTP. */

export interface Issued {
  registrationId: string;
  certificateId: string;
  url: string;
  c: string;
  kid: string;
  alg: string;
}

export interface AdminClient {
  issue(body: Record<string, unknown>): Promise<Issued>;
  setStatus(
    certificateId: string,
    status: 'active' | 'suspended' | 'revoked' | 'deleted',
  ): Promise<void>;
  reissue(registrationId: string, body?: Record<string, unknown>): Promise<Issued>;
  revokeSigner(kid: string): Promise<void>;
}

/**
 * @example
 * const admin = adminClient('http://127.0.0.1:8787', token);
 * const issued = await admin.issue({ qualificationName: '小型船舶操縦士', holderName: '…', birthDate: '1990-04-01' });
 */
export function adminClient(base: string, token: string): AdminClient {
  async function call<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(`${base}/registry/admin/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`registry admin ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  return {
    issue: (body) => call<Issued>('/issue', body),
    async setStatus(certificateId, status) {
      await call(`/certificates/${encodeURIComponent(certificateId)}/status`, { status });
    },
    reissue: (registrationId, body = {}) =>
      call<Issued>(`/registrations/${encodeURIComponent(registrationId)}/certificates`, body),
    async revokeSigner(kid) {
      await call(`/signers/${encodeURIComponent(kid)}/revoke`, {});
    },
  };
}

/**
 * The same credential URL with one byte of the signed payload changed (a digit of the
 * registration number), which any verifier must refuse as `signature_invalid`.
 */
export function tamper(url: string, registrationNumber: string): string {
  const [head, c] = url.split('?c=') as [string, string];
  const bytes = Buffer.from(c, 'base64url');
  const at = bytes.indexOf(Buffer.from(registrationNumber));
  if (at < 0) throw new Error('tamper: registration number not found in the payload');
  const last = at + registrationNumber.length - 1;
  bytes[last] = bytes[last] === 0x39 ? 0x30 : bytes[last]! + 1;
  return `${head}?c=${bytes.toString('base64url')}`;
}
