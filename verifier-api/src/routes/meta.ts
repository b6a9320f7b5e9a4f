/**
 * Service routes: /healthz, /v1/keys, /v1/trust-bundle, /openapi.json and the /docs reference
 * page (swagger-ui from our own origin; its initialiser is a served file, so the CSP needs no
 * inline script).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { VerifierAppDeps } from '../deps';
import { problemResponse } from '../http/problem';
import { CSP } from '../http/security';
import { ProblemSchema } from './schemas';

const DOCS_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dqcv verifier API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="docs"><p>Loading the reference… The raw document is at <a href="/openapi.json">/openapi.json</a>.</p></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const DOCS_INIT = `window.addEventListener('load', function () {
  window.SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', deepLinking: true });
});
`;

const KeysSchema = z
  .object({
    keys: z.array(z.record(z.string(), z.unknown())),
    certificate: z.string().openapi({ description: 'PEM certificate of the verifier key' }),
  })
  .openapi('VerifierKeys');

const keysRoute = createRoute({
  method: 'get',
  path: '/v1/keys',
  summary: "The verifier's public key (checks receipts and the trust bundle)",
  responses: {
    200: {
      description: 'JWK set and PEM certificate',
      content: { 'application/json': { schema: KeysSchema } },
    },
    503: {
      description: 'No verifier key configured',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

const bundleRoute = createRoute({
  method: 'get',
  path: '/v1/trust-bundle',
  summary: 'The signed trust bundle for offline verification (COSE_Sign1)',
  responses: {
    200: {
      description:
        'COSE_Sign1 by the verifier key over a CBOR map (docs/ARCHITECTURE.md "Trust bundle")',
      content: { 'application/cose': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    503: {
      description: 'No verifier key configured',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Readiness',
  responses: {
    200: {
      description: 'Ready',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
    503: {
      description: 'Starting',
      content: { 'application/json': { schema: z.object({ status: z.literal('starting') }) } },
    },
  },
});

/** Registers the service routes. */
export function registerMetaRoutes(app: OpenAPIHono, deps: VerifierAppDeps): void {
  app.openapi(healthRoute, (c) =>
    (deps.ready?.() ?? true)
      ? c.json({ status: 'ok' as const }, 200)
      : c.json({ status: 'starting' as const }, 503),
  );

  app.openapi(keysRoute, async (c) => {
    if (deps.keys === undefined) return problemResponse(c, 'receipts-unavailable') as never;
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await deps.keys.publicKeys(), 200);
  });

  app.openapi(bundleRoute, async (c) => {
    if (deps.keys === undefined) return problemResponse(c, 'receipts-unavailable') as never;
    const bundle = await deps.keys.trustBundle();
    c.header('Content-Type', 'application/cose; cose-type="cose-sign1"');
    return c.body(bundle as Uint8Array<ArrayBuffer>, 200) as never;
  });

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'dqcv verifier API',
      version: '0.1.0',
      description:
        'Verifies digital qualification certificates (デジタル資格者証): COSE_Sign1 over CBOR, ' +
        'signer certificate chain and CRL, qualification status. Reason codes are a stable contract.',
    },
  });

  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', CSP.docs);
    return c.html(DOCS_HTML);
  });
  app.get('/docs/init.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(DOCS_INIT);
  });
  for (const [name, type] of [
    ['swagger-ui.css', 'text/css; charset=utf-8'],
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ] as const) {
    app.get(`/docs/${name}`, async (c) => {
      const text = await deps.docsAssets?.(name);
      if (text === undefined)
        return problemResponse(c, 'not-found', 'reference assets are not installed');
      c.header('Content-Type', type);
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(text);
    });
  }
}
