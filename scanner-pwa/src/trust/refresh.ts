/**
 * Background refresh of the trust bundle: fetch it from the verifier, verify it under the
 * configured bundle key, and keep it only if it is newer than the one already on the device (an
 * older bundle replayed by the network must not roll status data back).
 */
import type { AppConfig } from '../config';
import { openBundle } from './bundle';
import { loadStoredBundle, saveBundle } from './bundle-store';
import type { TrustedClock } from './clock';

const TIMEOUT_MS = 15_000;

export type RefreshResult =
  { ok: true; issuedAt: Date; replaced: boolean } | { ok: false; detail: string };

/**
 * Downloads, verifies and stores the current bundle.
 *
 * @example
 * const r = await refreshBundle(config, clock); // { ok: true, issuedAt, replaced: true }
 */
export async function refreshBundle(
  config: AppConfig,
  clock: TrustedClock,
): Promise<RefreshResult> {
  if (!config.bundleKey) return { ok: false, detail: 'no bundle key configured' };
  let bytes: Uint8Array;
  try {
    const res = await fetch(`${config.apiBase}/v1/trust-bundle`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) return { ok: false, detail: `HTTP ${res.status}` };
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.name : 'network error' };
  }

  const opened = await openBundle(bytes, config.bundleKey);
  if (!opened.ok) return opened;
  const issuedAt = opened.bundle.issuedAt;
  clock.observe(issuedAt);

  const current = await loadStoredBundle().catch(() => null);
  if (current && new Date(current.issuedAt) >= issuedAt) {
    return { ok: true, issuedAt, replaced: false };
  }
  await saveBundle({
    bytes,
    issuedAt: issuedAt.toISOString(),
    receivedAt: new Date().toISOString(),
  });
  return { ok: true, issuedAt, replaced: true };
}
