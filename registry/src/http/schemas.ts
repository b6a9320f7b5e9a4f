/**
 * Request and response schemas of the registry API (zod, rendered into /registry/openapi.json).
 * Inputs are strict objects: an unknown member is a mistake of the caller and answered 400.
 */
import { z } from '@hono/zod-openapi';

const isCalendarDate = (text: string) => {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
};

const dateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd')
  .refine(isCalendarDate, 'not a calendar date');
const text = (max: number) => z.string().trim().min(1).max(max);
const code = z.string().regex(/^[0-9A-Za-z-]{1,32}$/, 'expected 1–32 letters, digits or -');
const algName = z.enum(['PS256', 'ES256']);
const httpUrl = z
  .string()
  .max(200)
  .refine((u) => /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(u), 'expected an http(s) base URL');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
  })
  .openapi('Problem');

export const IssueBody = z
  .strictObject({
    qualificationName: text(100),
    holderName: text(100),
    birthDate: dateText,
    registrationNumber: code.optional(),
    registrationDate: dateText.optional(),
    issuingBody: text(100).optional(),
    issuerName: text(100).optional(),
    qualificationId: code.optional(),
    kindCode: code.optional(),
    holderCode: code.optional(),
    alg: algName.optional(),
    strictRealFormat: z.boolean().optional(),
    verifyBaseUrl: httpUrl.optional(),
  })
  .openapi('IssueRequest');

export const ReissueBody = z
  .strictObject({
    holderName: text(100).optional(),
    alg: algName.optional(),
    strictRealFormat: z.boolean().optional(),
    verifyBaseUrl: httpUrl.optional(),
  })
  .openapi('ReissueRequest');

export const IssuedSchema = z
  .object({
    registrationId: z.string(),
    certificateId: z.string(),
    url: z.string(),
    c: z.string().openapi({ description: 'the COSE_Sign1, base64url without padding' }),
    kid: z.string(),
    alg: algName,
  })
  .openapi('Issued');

export const StatusBody = z
  .strictObject({
    status: z.enum(['active', 'suspended', 'revoked', 'deleted']),
    reason: text(500).optional(),
  })
  .openapi('StatusChange');

export const RevokeSignerBody = z.strictObject({ reason: text(500).optional() });
export const AddSignerBody = z.strictObject({ alg: algName });

export const certificateStatus = z.enum(['valid', 'revoked', 'suspended', 'deleted', 'superseded']);

export const CertificateIdParam = z.object({
  certificateId: code.openapi({ param: { name: 'certificateId', in: 'path' } }),
});
export const RegistrationIdParam = z.object({
  registrationId: z
    .string()
    .regex(/^[0-9a-f-]{36}$/, 'expected a registration id (UUID)')
    .openapi({ param: { name: 'registrationId', in: 'path' } }),
});
export const KidParam = z.object({
  kid: z
    .string()
    .regex(/^D-\d{6}$/, 'expected a kid like D-000001')
    .openapi({ param: { name: 'kid', in: 'path' } }),
});
export const ListIdParam = z.object({
  listId: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'expected a positive list number')
    .openapi({ param: { name: 'listId', in: 'path' } }),
});

/** Responses every route may give: a problem document. */
export const problemContent = {
  content: { 'application/problem+json': { schema: ProblemSchema } },
};
