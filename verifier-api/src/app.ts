/**
 * The verifier HTTP app (Hono + @hono/zod-openapi). Runtime-neutral: the Node host and the
 * Workers entry build it with their own deps (src/node/, src/worker/).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { VerifierAppDeps } from './deps';
import { corsHeaders } from './http/cors';
import { silentLogger } from './http/logger';
import { problemResponse } from './http/problem';
import { rateLimit } from './http/rate-limit';
import { securityHeaders } from './http/security';
import { registerMetaRoutes } from './routes/meta';
import { registerPageRoutes } from './routes/page';
import { registerVerifyRoutes } from './routes/verify';

/**
 * Builds the verifier app.
 *
 * @example
 * const app = createVerifierApp({ config, verifier });
 * const res = await app.request('/v1/verify', { method: 'POST', body: JSON.stringify({ url }) });
 */
export function createVerifierApp(deps: VerifierAppDeps): OpenAPIHono {
  const logger = deps.logger ?? silentLogger;
  const { config } = deps;

  const app = new OpenAPIHono({
    // A body that parses as JSON but misses or mistypes a field: RFC 9457, field paths only.
    defaultHook: (result, c) => {
      if (result.success) return;
      const detail = result.error.issues
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ');
      return problemResponse(c, 'invalid-request', detail);
    },
  });

  // Request log: method, path without query (the credential travels there), status, time.
  app.use('*', async (c, next) => {
    const started = Date.now();
    await next();
    logger.log('info', 'request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
    });
  });
  app.use('*', securityHeaders());
  app.use(
    '/v1/*',
    corsHeaders({
      origins: config.cors.origins,
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Content-Type', 'Accept-Language'],
      maxAge: 600,
    }),
  );
  const limiter = rateLimit({
    max: config.rateLimit.max,
    windowSeconds: config.rateLimit.windowSeconds,
    clientKey: deps.clientKey ?? (() => undefined),
  });
  app.use('/v1/*', limiter);
  app.use('/w/', limiter);

  registerVerifyRoutes(app, deps);
  registerPageRoutes(app, deps);
  registerMetaRoutes(app, deps);

  app.notFound((c) => problemResponse(c, 'not-found'));

  app.onError((err, c) => {
    // Hono's JSON validator throws 400 for a body that is not JSON (or not declared as JSON).
    if (err instanceof HTTPException && err.status === 400) {
      // The form validator of the upload route throws the same 400 for broken multipart.
      if (c.req.path === '/v1/verify/file') {
        return problemResponse(c, 'invalid-request', `expected ${mediaTypeFor(c.req.path)}`);
      }
      return problemResponse(
        c,
        'not-json',
        'send a JSON object with Content-Type: application/json',
      );
    }
    if (err instanceof HTTPException && err.status === 413) return problemResponse(c, 'too-large');
    // The OpenAPI validator refuses a body of an undeclared media type (e.g. text/plain).
    if (err instanceof HTTPException && err.status === 415) {
      return problemResponse(c, 'unsupported-media-type', `send ${mediaTypeFor(c.req.path)}`);
    }
    logger.log('error', 'unhandled_error', {
      method: c.req.method,
      path: c.req.path,
      error: err.name,
      message: err.message,
    });
    return problemResponse(c, 'internal', 'the verifier could not answer; the error was logged');
  });

  return app;
}

function mediaTypeFor(path: string): string {
  return path === '/v1/verify/file'
    ? 'multipart/form-data with a "file" part'
    : 'a JSON object with Content-Type: application/json';
}
