/** The admin calls the tests make on the registry Worker (docs/ARCHITECTURE.md, admin API). */
import type { WorkersContext } from './context';
import type { Deployment } from './deployment';

export interface Issued {
  registrationId: string;
  certificateId: string;
  url: string;
  c: string;
  kid: string;
  alg: string;
}

/** Admin requests with the deployment's bearer token. */
export function registryAdmin(d: Deployment, ctx: WorkersContext) {
  const token = ctx.registryBindings.DQCV_ADMIN_TOKEN as string;
  const post = (path: string, body: unknown) =>
    d.fetch('registry', path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return {
    token,
    post,
    get: (path: string) =>
      d.fetch('registry', path, { headers: { authorization: `Bearer ${token}` } }),
    async issue(overrides: Record<string, unknown> = {}): Promise<Issued> {
      const res = await post('/registry/admin/v1/issue', {
        qualificationName: '小型船舶操縦士',
        holderName: 'Hanako Shiken',
        birthDate: '1990-04-01',
        ...overrides,
      });
      if (res.status !== 201) throw new Error(`issue: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as Issued;
    },
    async setStatus(certificateId: string, status: string, reason = 'test') {
      const res = await post(`/registry/admin/v1/certificates/${certificateId}/status`, {
        status,
        reason,
      });
      if (res.status !== 200) throw new Error(`status: HTTP ${res.status} ${await res.text()}`);
    },
    async revokeSigner(kid: string) {
      const res = await post(`/registry/admin/v1/signers/${kid}/revoke`, { reason: 'test' });
      if (res.status !== 200) throw new Error(`revoke: HTTP ${res.status} ${await res.text()}`);
    },
  };
}

/** A verdict as the verify API answers it (the fields the tests read). */
export interface VerdictBody {
  result: 'valid' | 'invalid' | 'indeterminate';
  reasons: { code: string; message: string }[];
  checks: { name: string; status: string; code?: string }[];
  receipt?: string;
}

/** POST /v1/verify on a verifier Worker. */
export async function verify(
  d: Deployment,
  worker: string,
  body: { url: string } | { c: string },
  query = '',
): Promise<VerdictBody> {
  const res = await d.fetch(worker, `/v1/verify${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`verify: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as VerdictBody;
}

/** The reason codes of a verdict. */
export const codes = (v: VerdictBody) => v.reasons.map((r) => r.code);
