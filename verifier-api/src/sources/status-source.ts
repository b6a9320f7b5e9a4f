/**
 * The HTTP-backed per-certificate StatusSource: asks the configured registry
 * (`GET /registry/v1/certificates/{id}/status`, docs/ARCHITECTURE.md) within the timeout. An
 * answer is reused for the configured short time (0: ask every time); failures never are.
 */
import type {
  CredentialRecord,
  QualificationStatus,
  StatusAnswer,
  StatusSource,
} from '@dqcv/shared-cose';
import { ExpiringCache } from './cache';
import { boundedFetch, type FetchLike } from './fetch';

export interface RegistryStatusSourceOptions {
  /** Builds the status address of one certificate id. */
  statusUrl: (certificateId: string) => string;
  timeoutMs: number;
  answerSeconds: number;
  fetch?: FetchLike;
  now?: () => number;
}

const STATUS_VALUES: Record<string, QualificationStatus> = {
  valid: 'valid',
  active: 'valid',
  revoked: 'revoked',
  suspended: 'suspended',
  deleted: 'deleted',
  superseded: 'superseded',
};

/**
 * Builds a StatusSource that asks the registry per certificate id.
 *
 * @example
 * const status = createRegistryStatusSource({
 *   statusUrl: (id) => `http://127.0.0.1:8787/registry/v1/certificates/${id}/status`,
 *   timeoutMs: 3000,
 *   answerSeconds: 10,
 * });
 */
export function createRegistryStatusSource(opts: RegistryStatusSourceOptions): StatusSource {
  const now = opts.now ?? Date.now;
  const cache = new ExpiringCache<StatusAnswer>(now, 10_000);

  async function ask(certificateId: string) {
    const url = opts.statusUrl(certificateId);
    const r = await boundedFetch(url, {
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
      maxBytes: 64 * 1024,
      accept: 'application/json',
    });
    if (!r.ok) return uncached({ ok: false, code: 'registry_unavailable', detail: r.detail });
    if (r.status === 404 && isUnknownProblem(r.body)) {
      return uncached({ ok: false, code: 'certificate_unknown' });
    }
    if (r.status !== 200) {
      return uncached({
        ok: false,
        code: 'registry_unavailable',
        detail: `registry answered HTTP ${r.status}`,
      });
    }
    const status = readStatus(r.body, certificateId);
    if (status === undefined) {
      return uncached({
        ok: false,
        code: 'registry_unavailable',
        detail: 'registry answer is not understood',
      });
    }
    const fetchedAt = now();
    const value: StatusAnswer = {
      ok: true,
      status,
      source: 'registry',
      fetchedAt: new Date(fetchedAt),
    };
    return { value, expiresAt: fetchedAt + opts.answerSeconds * 1000 };
  }

  return {
    async getStatus(credential: CredentialRecord) {
      const id = credential.certificateId;
      if (id === undefined || id === '') return { ok: false, code: 'certificate_unknown' };
      return cache.getOrLoad(id, () => ask(id));
    },
  };
}

function uncached(value: StatusAnswer) {
  return { value, expiresAt: 0 };
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

function isUnknownProblem(body: Uint8Array): boolean {
  const doc = parseJson(body);
  if (typeof doc !== 'object' || doc === null) return false;
  const type = (doc as { type?: unknown }).type;
  return typeof type === 'string' && type.endsWith('/certificate-unknown');
}

/** Checks the answer's shape and that it is about the certificate asked for. */
function readStatus(body: Uint8Array, certificateId: string): QualificationStatus | undefined {
  const doc = parseJson(body);
  if (typeof doc !== 'object' || doc === null) return undefined;
  const { certificateId: id, status } = doc as { certificateId?: unknown; status?: unknown };
  if (id !== certificateId || typeof status !== 'string') return undefined;
  return Object.hasOwn(STATUS_VALUES, status) ? STATUS_VALUES[status] : undefined;
}
