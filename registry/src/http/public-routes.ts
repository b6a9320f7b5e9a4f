/**
 * The public registry API (docs/ARCHITECTURE.md "Registry HTTP layout"): a certificate's status
 * (nothing personal), the signed status lists, the trust list, the root's CRL and certificate.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RegistryAppDeps } from './deps';
import { problemResponse } from './problem';
import { CertificateIdParam, certificateStatus, ListIdParam, problemContent } from './schemas';

const binary = (type: string) => ({
  content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } },
});

const statusRoute = createRoute({
  method: 'get',
  path: '/registry/v1/certificates/{certificateId}/status',
  summary: "A certificate's current status (no personal data)",
  request: { params: CertificateIdParam },
  responses: {
    200: {
      description: 'The status',
      content: {
        'application/json': {
          schema: z
            .object({ certificateId: z.string(), status: certificateStatus, updatedAt: z.string() })
            .openapi('CertificateStatus'),
        },
      },
    },
    400: { description: 'Malformed id', ...problemContent },
    404: { description: 'Unknown certificate (type …/certificate-unknown)', ...problemContent },
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/registry/v1/status-lists/{listId}',
  summary: 'A signed status list (Token Status List, CWT form, 4 bits an entry)',
  request: { params: ListIdParam },
  responses: {
    200: {
      description:
        'COSE_Sign1 CWT; values 0 valid, 1 revoked, 2 suspended, 3 deleted, 12 superseded',
      ...binary('application/statuslist+cwt'),
    },
    304: { description: 'Not modified (If-None-Match)' },
    404: { description: 'No such list', ...problemContent },
  },
});

const TrustListSchema = z
  .object({
    anchors: z.array(z.string()),
    signers: z.array(z.object({ kid: z.string(), alg: z.string(), certificate: z.string() })),
    statusListSigners: z.array(z.string()),
    crls: z.array(z.object({ issuer: z.string(), url: z.string() })),
    issuedAt: z.string(),
  })
  .openapi('TrustList');

const trustListRoute = createRoute({
  method: 'get',
  path: '/registry/v1/trust-list',
  summary:
    'Trust anchors, credential signers by kid (revoked ones included), status-list signers, CRL addresses',
  responses: {
    200: {
      description: 'PEM certificates',
      content: { 'application/json': { schema: TrustListSchema } },
    },
  },
});

const crlRoute = createRoute({
  method: 'get',
  path: '/registry/ca/root.crl',
  summary: "The root CA's current CRL (DER), renewed before nextUpdate",
  responses: { 200: { description: 'DER CRL', ...binary('application/pkix-crl') } },
});

const rootRoute = createRoute({
  method: 'get',
  path: '/registry/ca/root.pem',
  summary: 'The root CA certificate (PEM)',
  responses: {
    200: { description: 'PEM', content: { 'application/x-pem-file': { schema: z.string() } } },
  },
});

/** Adds the public routes to `app`. */
export function registerPublicRoutes(app: OpenAPIHono, deps: RegistryAppDeps): void {
  app.openapi(statusRoute, async (c) => {
    const { certificateId } = c.req.valid('param');
    const row = await deps.store.getCertificate(certificateId);
    if (!row) return problemResponse(c, 'certificate-unknown') as never;
    c.header('Cache-Control', 'no-store');
    return c.json({ certificateId, status: row.status, updatedAt: row.updatedAt }, 200);
  });

  app.openapi(listRoute, async (c) => {
    const listId = Number(c.req.valid('param').listId);
    const token = await deps.statusLists.token(listId);
    if (!token) return problemResponse(c, 'status-list-unknown') as never;
    const headers = {
      'Cache-Control': `public, max-age=${token.ttl}`,
      ETag: token.etag,
    };
    if (c.req.header('If-None-Match') === token.etag) return c.body(null, 304, headers) as never;
    return c.body(token.bytes as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      'Content-Type': 'application/statuslist+cwt',
    }) as never;
  });

  app.openapi(trustListRoute, async (c) => {
    const signers = await deps.ca.signers();
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(
      {
        anchors: [deps.ca.root.toString('pem')],
        signers: signers.map((s) => ({ kid: s.kid, alg: s.alg, certificate: s.certificatePem })),
        statusListSigners: [deps.ca.statusListSigner.certificate.toString('pem')],
        crls: [{ issuer: deps.ca.root.subject, url: `${deps.baseUrl}/registry/ca/root.crl` }],
        issuedAt: deps.now().toISOString(),
      },
      200,
    );
  });

  app.openapi(crlRoute, async (c) => {
    const der = await deps.ca.currentCrl();
    return c.body(der as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pkix-crl',
      'Cache-Control': 'public, max-age=300',
    }) as never;
  });

  app.openapi(
    rootRoute,
    (c) =>
      c.body(deps.ca.root.toString('pem'), 200, {
        'Content-Type': 'application/x-pem-file',
      }) as never,
  );
}
