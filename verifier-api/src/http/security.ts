/**
 * Security headers for every answer, and the Content-Security-Policy of each kind of page. The
 * API answers are data, the verification page has no script at all, /docs runs only scripts
 * from our origin.
 */
import type { MiddlewareHandler } from 'hono';

export const CSP = {
  api: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  page: [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  docs: [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
} as const;

/**
 * Sets the usual headers; a route may replace the CSP with one of `CSP`.
 *
 * @example
 * app.use('*', securityHeaders());
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', CSP.api);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    // The page URL carries the credential (?c=): it must never leave in a Referer.
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  };
}
