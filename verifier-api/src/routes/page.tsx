/**
 * GET /w/?c=… — the human verification page — and its stylesheet. The `c` value is read as the
 * query parser left it; shared-cose accepts base64url, base64, missing padding and the space a
 * parser made of `+`.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { VerifierAppDeps } from '../deps';
import { CSP } from '../http/security';
import { NoInputPage, ResultPage } from '../page/result-page';
import { PAGE_CSS } from '../page/style';
import { requestLang } from './verify';

/** Registers /w/ and /w/style.css. */
export function registerPageRoutes(app: OpenAPIHono, deps: VerifierAppDeps): void {
  const appHref = deps.appHref ?? '/app/';

  app.get('/w/style.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(PAGE_CSS);
  });

  // Browsers ask for it on every page; an empty answer keeps their consoles and our logs clean.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/w', (c) => c.redirect(`/w/${new URL(c.req.url).search}`, 301));

  app.get('/w/', async (c) => {
    const lang = requestLang(c);
    c.header('Content-Security-Policy', CSP.page);
    c.header('Cache-Control', 'no-store');
    c.header('Content-Language', lang);

    const value = c.req.query('c');
    if (value === undefined || value === '') {
      return c.html(<NoInputPage lang={lang} appHref={appHref} />, 400);
    }
    const verdict = await deps.verifier.verify({ c: value }, lang);
    const other = new URLSearchParams({ c: value, lang: lang === 'ja' ? 'en' : 'ja' });
    return c.html(
      <ResultPage
        lang={lang}
        verdict={verdict}
        otherLanguageHref={`?${other}`}
        appHref={appHref}
      />,
    );
  });
}
