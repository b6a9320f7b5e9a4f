/**
 * Registers the service worker through workbox-window and offers an update when a new version
 * is waiting: the user decides when the page reloads, so a check in progress is never lost.
 */
import { Workbox } from 'workbox-window';
import { byId } from '../ui/dom';

/** Registers `sw.js` beside the app; does nothing where service workers are unavailable. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const wb = new Workbox(new URL('sw.js', document.baseURI).href, {
    scope: new URL('./', document.baseURI).pathname,
  });

  wb.addEventListener('waiting', () => {
    const banner = byId('update-banner');
    banner.hidden = false;
    byId('update-apply').addEventListener(
      'click',
      () => {
        wb.addEventListener('controlling', () => location.reload());
        wb.messageSkipWaiting();
      },
      { once: true },
    );
  });

  void wb.register().catch(() => undefined);
}
