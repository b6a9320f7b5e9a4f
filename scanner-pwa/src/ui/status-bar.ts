/**
 * The footer line: online or offline, how old the device's trust data is, and a warning when the
 * device clock is behind a time the app has already seen.
 */
import type { AppConfig } from '../config';
import { formatAge, t } from '../i18n';
import { loadStoredBundle } from '../trust/bundle-store';
import type { TrustedClock } from '../trust/clock';
import { byId } from './dom';

let refreshing: Promise<unknown> | null = null;
let appConfig: AppConfig | null = null;

/** Shows the current state and refreshes the bundle in the background when online. */
export function initStatusBar(config: AppConfig, clock: TrustedClock): void {
  appConfig = config;
  window.addEventListener('online', () => {
    refreshStatusBar(clock);
    backgroundRefresh(clock);
  });
  window.addEventListener('offline', () => refreshStatusBar(clock));
  refreshStatusBar(clock);
  backgroundRefresh(clock);
}

/** Re-reads the network, bundle and clock state into the footer. */
export function refreshStatusBar(clock: TrustedClock): void {
  byId('net-state').textContent = navigator.onLine ? t('online') : t('offline');
  const behind = byId('clock-state');
  behind.hidden = !clock.deviceBehind;
  behind.textContent = clock.deviceBehind ? t('clockBehind') : '';
  void loadStoredBundle()
    .catch(() => null)
    .then((bundle) => {
      const el = byId('bundle-state');
      if (!bundle) {
        el.textContent = t('bundleNone');
        delete el.dataset.issuedAt;
        return;
      }
      const age = clock.now().getTime() - new Date(bundle.issuedAt).getTime();
      el.textContent = `${t('bundleAge')}: ${formatAge(Math.max(0, age))}`;
      el.dataset.issuedAt = bundle.issuedAt;
    });
}

/** Fetches a fresh trust bundle when online and a key to check it with is configured. */
function backgroundRefresh(clock: TrustedClock): void {
  const config = appConfig;
  if (!config?.bundleKey || !navigator.onLine || refreshing) return;
  refreshing = import('../trust/refresh')
    .then(({ refreshBundle }) => refreshBundle(config, clock))
    .catch(() => undefined)
    .finally(() => {
      refreshing = null;
      refreshStatusBar(clock);
    });
}
