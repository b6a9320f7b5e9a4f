/**
 * The registry HTTP app (Hono + @hono/zod-openapi), every route under `/registry`, the same
 * standalone or mounted. Runtime-neutral: no Node API here or below.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { registerAdminRoutes } from './admin-routes';
import { adminAuth, digestToken } from './auth';
import { silentLogger, type RegistryAppDeps } from './deps';
import { problemResponse } from './problem';
import { registerPublicRoutes } from './public-routes';

/**
 * Builds the app from ready parts (see `buildRegistry` for building them from storage and keys).
 *
 * @example
 * const app = await createRegistryApp(deps);
 * const res = await app.request('/registry/v1/trust-list');
 */
export async function createRegistryApp(deps: RegistryAppDeps): Promise<OpenAPIHono> {
  const logger = deps.logger ?? silentLogger;
  const token = await digestToken(deps.adminToken);

  const app = new OpenAPIHono<{ Variables: { actor: string } }>({
    // A JSON body or path parameter that misses or mistypes a field: field paths only, never
    // the values (they may be personal data).
    defaultHook: (result, c) => {
      if (result.success) return;
      const detail = result.error.issues
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ');
      return problemResponse(c, 'invalid-request', detail);
    },
  });

  // Request log: method, route pattern, status, time. The pattern (`…/{id}` as
  // `…/:certificateId`), never the path: a certificate or registration id ties a log line to a
  // person. A request no route answers logs the widest pattern it reached (`*`).
  app.use('*', async (c, next) => {
    const started = Date.now();
    await next();
    logger.log('info', 'request', {
      method: c.req.method,
      path: routePath(c, -1),
      status: c.res.status,
      ms: Date.now() - started,
    });
  });
  // Answers are JSON, PEM, CRL and CWT, never a page: nothing may run, frame or sniff them.
  // Cross-origin reads stay allowed (CORP cross-origin): trust and status lists are public.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: 'cross-origin',
      xFrameOptions: 'DENY',
    }),
  );
  app.use(
    '/registry/*',
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? 16 * 1024,
      onError: (c) => problemResponse(c, 'too-large'),
    }),
  );
  app.use('/registry/admin/*', adminAuth(token));
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
  });

  registerPublicRoutes(app as unknown as OpenAPIHono, deps);
  registerAdminRoutes(app, deps);

  app.doc31('/registry/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'DQCV registry',
      version: '1.0.0',
      description:
        'Registry of qualifications and certificates, its certification authority (CRL, trust ' +
        'list) and signed status lists (Token Status List, CWT). Admin routes need a bearer token.',
    },
  });

  app.notFound((c) => problemResponse(c, 'not-found'));
  app.onError((err, c) => {
    // Hono's JSON validator throws 400 for a body that is not JSON.
    if (err instanceof HTTPException && err.status === 400) {
      return problemResponse(
        c,
        'not-json',
        'send a JSON object with Content-Type: application/json',
      );
    }
    if (err instanceof HTTPException && err.status === 413) return problemResponse(c, 'too-large');
    logger.log('error', 'unhandled_error', {
      method: c.req.method,
      path: c.req.path,
      error: err.name,
    });
    return problemResponse(c, 'internal', 'the registry could not answer; the error was logged');
  });

  return app as unknown as OpenAPIHono;
}
