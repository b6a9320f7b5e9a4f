/**
 * From QR text to an outcome. A URL to a host that is not a configured verification host stops
 * here with the phishing warning, before anything is fetched or opened. Otherwise the verifier
 * API answers when reachable; without a network (or when it fails) the device verifies from its
 * cached, signed trust bundle.
 */
import { parseQrText } from '@dqcv/shared-cose';
import type { AppConfig } from '../config';
import type { TrustedClock } from '../trust/clock';
import type { Outcome } from '../ui/result';
import type { DeviceUnavailable } from './device';
import { verifyOnline } from './online';

export interface FlowContext {
  config: AppConfig;
  clock: TrustedClock;
  lang: 'ja' | 'en';
  /** Skip the server even when online (tests, or a user who wants a device-only check). */
  deviceOnly?: boolean;
}

/** A verdict, the phishing warning, or the device's inability to check (no trust data). */
export type FlowResult = Outcome | { phishing: string } | DeviceUnavailable;

/**
 * Checks one QR text.
 *
 * @example
 * const outcome = await checkQrText(text, { config, clock, lang: 'ja' });
 * if ('phishing' in outcome) warn(outcome.phishing);
 */
export async function checkQrText(text: string, ctx: FlowContext): Promise<FlowResult> {
  const parsed = parseQrText(text, { verificationHosts: ctx.config.verificationHosts });
  if (!parsed.ok && parsed.code === 'not_a_credential_url') return { phishing: text.trim() };

  if (!ctx.deviceOnly && navigator.onLine) {
    const verdict = await verifyOnline(ctx.config.apiBase, text, ctx.lang);
    if (verdict) {
      ctx.clock.observe(new Date(verdict.checkedAt));
      return { verdict, via: 'server' };
    }
  }

  const { verifyOnDevice } = await import('./device');
  return verifyOnDevice(text, ctx);
}
