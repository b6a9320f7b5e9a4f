/**
 * How the verifier Worker reaches the registry: through a service binding when one is bound
 * (no public hop, no DNS, same Cloudflare location), otherwise over the public fetch. Only the
 * addresses the shared sources already allow are ever asked for; this layer adds none, and the
 * sources' own fetch (sources/fetch.ts) refuses redirects for every runtime.
 */
import type { FetchLike } from '../sources/fetch';

/** The part of a Workers service binding (`Fetcher`) that the verifier uses. */
export interface ServiceBinding {
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
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
