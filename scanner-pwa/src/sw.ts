/// <reference lib="webworker" />
/**
 * The service worker: precaches the whole app (so it starts offline after the first visit) and
 * receives Web Share Target POSTs.
 */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { putSharedForm } from './input/share-inbox';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

const scope = new URL(self.registration.scope);

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The first visit's page is controlled at once, so it works offline without a reload. Later
// versions wait for the user's consent (the update prompt) before they take over.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The update prompt (workbox-window messageSkipWaiting) asks the waiting worker to take over.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Web Share Target (manifest share_target): store what was shared, then open the app on it.
// 303 turns the POST into a GET of the app page (W3C Web Share Target, "Handling the POST").
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || url.pathname !== `${scope.pathname}share`) return;
  event.respondWith(
    (async () => {
      try {
        await putSharedForm(await event.request.formData());
      } catch {
        // A malformed share still opens the app; it simply has nothing to show.
      }
      return Response.redirect(`${scope.pathname}?share=1`, 303);
    })(),
  );
});

// Navigations inside the app's scope get the precached shell, online or not.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL(`${scope.pathname}index.html`), {
    allowlist: [new RegExp(`^${scope.pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)],
  }),
);
