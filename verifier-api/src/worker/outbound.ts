/**
 * How the verifier Worker reaches the registry: through a service binding when one is bound
 * (no public hop, no DNS, same Cloudflare location), otherwise over the public fetch. Only the
 * addresses the shared sources already allow are ever asked for; this layer adds none.
 */
import type { FetchLike } from '../sources/fetch';

/** The part of a Workers service binding (`Fetcher`) that the verifier uses. */
export interface ServiceBinding {
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
}

/**
 * A fetch that workerd accepts for the shared sources' requests. workerd refuses
 * `redirect: 'error'` (it implements only `follow` and `manual`), so such a request is sent as
 * `manual` and any 3xx answer becomes the same TypeError the Fetch standard prescribes: the
 * sources never follow a redirect to an address nobody configured.
 *
 * @example
 * const f = workerFetch(fetch);
 * await f('https://registry.example/registry/ca/root.crl', { redirect: 'error' });
 */
export function workerFetch(inner: FetchLike): FetchLike {
  return async (input, init) => {
    if (init?.redirect !== 'error') return inner(input, init);
    const res = await inner(input, { ...init, redirect: 'manual' });
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new TypeError(`redirect refused (HTTP ${res.status})`);
    }
    return res;
  };
}

/**
 * Routes requests under `registryBase` through the service binding, everything else through
 * `fallback` (the global fetch).
 *
 * @example
 * const f = bindingFetch(env.REGISTRY, 'https://registry.example/registry', fetch);
 */
export function bindingFetch(
  binding: ServiceBinding | undefined,
  registryBase: string | undefined,
  fallback: FetchLike,
): FetchLike {
  if (binding === undefined || registryBase === undefined) return fallback;
  const prefix = `${registryBase.replace(/\/+$/, '')}/`;
  return (input, init) =>
    input.startsWith(prefix) ? binding.fetch(input, init) : fallback(input, init);
}
