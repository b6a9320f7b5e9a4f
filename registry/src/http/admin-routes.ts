/**
 * The admin API under a bearer token (docs/ARCHITECTURE.md): issue, reissue, change status,
 * read a certificate and a registration's history, add and revoke signers.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CaUnsupportedError } from '../ca/authority';
import { japanDate, type IssueInput, type IssueRefusal, type Issued } from '../issue/issuer';
import type { RegistryAppDeps } from './deps';
import { problemResponse } from './problem';
import {
  AddSignerBody,
  CertificateIdParam,
  certificateStatus,
  IssueBody,
  IssuedSchema,
  KidParam,
  problemContent,
  RegistrationIdParam,
  ReissueBody,
  RevokeSignerBody,
  StatusBody,
} from './schemas';

type AdminApp = OpenAPIHono<{ Variables: { actor: string } }>;

const security = [{ adminToken: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const errors = {
  400: { description: 'Invalid request', ...problemContent },
  401: { description: 'Missing or wrong admin token', ...problemContent },
};

const issueRoute = createRoute({
  method: 'post',
  path: '/registry/admin/v1/issue',
  summary: 'Register a qualification and issue its first certificate',
  security,
  request: { body: { required: true, ...json(IssueBody) } },
  responses: {
    201: { description: 'Issued', ...json(IssuedSchema) },
    409: { description: 'No signer for that algorithm', ...problemContent },
    ...errors,
  },
});

const reissueRoute = createRoute({
  method: 'post',
  path: '/registry/admin/v1/registrations/{registrationId}/certificates',
  summary: 'Issue a new certificate for a registration; the previous one becomes superseded',
  security,
  request: { params: RegistrationIdParam, body: { required: true, ...json(ReissueBody) } },
  responses: {
    201: { description: 'Issued', ...json(IssuedSchema) },
    404: { description: 'Unknown registration', ...problemContent },
    409: { description: 'Registration not active, or no signer', ...problemContent },
    ...errors,
  },
});

const statusRoute = createRoute({
  method: 'post',
  path: '/registry/admin/v1/certificates/{certificateId}/status',
  summary: "Change the status of a certificate's registration (recorded in its history)",
  security,
  request: { params: CertificateIdParam, body: { required: true, ...json(StatusBody) } },
  responses: {
    200: {
      description: 'Changed',
      ...json(z.object({ registrationId: z.string(), status: z.string() })),
    },
    404: { description: 'Unknown certificate', ...problemContent },
    409: { description: 'The registration is deleted (削除), which is final', ...problemContent },
    ...errors,
  },
});

const getCertificateRoute = createRoute({
  method: 'get',
  path: '/registry/admin/v1/certificates/{certificateId}',
  summary: 'A certificate with its signed record and current status',
  security,
  request: { params: CertificateIdParam },
  responses: {
    200: {
      description: 'The certificate',
      ...json(
        z
          .object({
            certificateId: z.string(),
            registrationId: z.string(),
            url: z.string(),
            record: z.record(z.string(), z.unknown()),
            kid: z.string(),
            alg: z.string(),
            status: certificateStatus,
            registrationStatus: z.string(),
            supersededBy: z.string().nullable(),
            issuedAt: z.string(),
          })
          .openapi('CertificateDetails'),
      ),
    },
    404: { description: 'Unknown certificate', ...problemContent },
    ...errors,
  },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/registry/admin/v1/registrations/{registrationId}/history',
  summary: "A registration's append-only status history, oldest first",
  security,
  request: { params: RegistrationIdParam },
  responses: {
    200: {
      description: 'History',
      ...json(
        z.array(
          z.object({
            at: z.string(),
            from: z.string().nullable(),
            to: z.string(),
            reason: z.string().nullable(),
            actor: z.string().openapi({ description: 'a short hash of the admin token' }),
          }),
        ),
      ),
    },
    404: { description: 'Unknown registration', ...problemContent },
    ...errors,
  },
});

const revokeSignerRoute = createRoute({
  method: 'post',
  path: '/registry/admin/v1/signers/{kid}/revoke',
  summary: 'Revoke a signer certificate; a new CRL is published at once',
  security,
  request: { params: KidParam, body: { required: false, ...json(RevokeSignerBody) } },
  responses: {
    200: {
      description: 'Revoked',
      ...json(z.object({ kid: z.string(), revoked: z.literal(true) })),
    },
    404: { description: 'Unknown or already revoked', ...problemContent },
    ...errors,
  },
});

const addSignerRoute = createRoute({
  method: 'post',
  path: '/registry/admin/v1/signers',
  summary: 'Add a credential signer (key rotation; earlier signers stay trusted)',
  security,
  request: { body: { required: true, ...json(AddSignerBody) } },
  responses: {
    201: { description: 'Added', ...json(z.object({ kid: z.string(), certificate: z.string() })) },
    501: { description: 'This host cannot store new keys', ...problemContent },
    ...errors,
  },
});

/** Adds the admin routes; the caller has put the bearer-token check in front of them. */
export function registerAdminRoutes(app: AdminApp, deps: RegistryAppDeps): void {
  const answerIssued = (
    c: Parameters<Parameters<AdminApp['openapi']>[1]>[0],
    r: Issued | IssueRefusal,
  ) => (typeof r === 'string' ? problemResponse(c, r) : c.json(r, 201));

  app.openapi(issueRoute, async (c) => {
    const input = c.req.valid('json');
    const future = futureDateFields(input, japanDate(deps.now()));
    if (future.length > 0) {
      // Field names only: a birth date is personal data and is never echoed.
      const detail = future.map((f) => `${f}: must not be after today (JST)`).join('; ');
      return problemResponse(c, 'invalid-request', detail) as never;
    }
    const result = await deps.issuer.issue(input, c.get('actor'));
    return answerIssued(c, result) as never;
  });

  app.openapi(reissueRoute, async (c) => {
    const { registrationId } = c.req.valid('param');
    const result = await deps.issuer.reissue(registrationId, c.req.valid('json'), c.get('actor'));
    return answerIssued(c, result) as never;
  });

  app.openapi(statusRoute, async (c) => {
    const certificate = await deps.store.getCertificate(c.req.valid('param').certificateId);
    if (!certificate) return problemResponse(c, 'certificate-unknown') as never;
    const { status, reason } = c.req.valid('json');
    const result = await deps.store.setStatus(certificate.registrationId, status, reason ?? null, {
      actor: c.get('actor'),
      at: deps.now(),
    });
    if (result === 'final') return problemResponse(c, 'registration-deleted') as never;
    if (result === 'unknown') return problemResponse(c, 'certificate-unknown') as never;
    deps.logger?.log('info', 'status_changed', { to: status, actor: c.get('actor') });
    return c.json({ registrationId: certificate.registrationId, status }, 200);
  });

  app.openapi(getCertificateRoute, async (c) => {
    const row = await deps.store.getCertificate(c.req.valid('param').certificateId);
    if (!row) return problemResponse(c, 'certificate-unknown') as never;
    return c.json(
      {
        certificateId: row.id,
        registrationId: row.registrationId,
        url: row.url,
        record: JSON.parse(row.recordJson) as Record<string, unknown>,
        kid: row.kid,
        alg: row.alg,
        status: row.status,
        registrationStatus: row.registrationStatus,
        supersededBy: row.supersededBy,
        issuedAt: row.issuedAt,
      },
      200,
    );
  });

  app.openapi(historyRoute, async (c) => {
    const { registrationId } = c.req.valid('param');
    if (!(await deps.store.getRegistration(registrationId))) {
      return problemResponse(c, 'registration-unknown') as never;
    }
    return c.json(await deps.store.history(registrationId), 200);
  });

  app.openapi(revokeSignerRoute, async (c) => {
    const { kid } = c.req.valid('param');
    // The body is optional: without a JSON content type the validator leaves it unset.
    const { reason } = (c.req.valid('json') as { reason?: string } | undefined) ?? {};
    const revoked = await deps.ca.revokeSigner(kid, reason ?? null);
    if (!revoked) return problemResponse(c, 'signer-unknown') as never;
    deps.logger?.log('info', 'signer_revoked', { kid, actor: c.get('actor') });
    return c.json({ kid, revoked: true as const }, 200);
  });

  app.openapi(addSignerRoute, async (c) => {
    try {
      const signer = await deps.ca.addSigner(c.req.valid('json').alg);
      deps.logger?.log('info', 'signer_added', { kid: signer.kid, actor: c.get('actor') });
      return c.json({ kid: signer.kid, certificate: signer.certificatePem }, 201);
    } catch (error) {
      if (error instanceof CaUnsupportedError) {
        return problemResponse(c, 'not-implemented', error.message) as never;
      }
      throw error;
    }
  });
}

/** The date fields of an issue request that lie after `today` (yyyy-mm-dd, compared as text). */
function futureDateFields(input: IssueInput, today: string): string[] {
  const dates = { birthDate: input.birthDate, registrationDate: input.registrationDate };
  return Object.entries(dates)
    .filter(([, value]) => value !== undefined && value > today)
    .map(([field]) => field);
}
