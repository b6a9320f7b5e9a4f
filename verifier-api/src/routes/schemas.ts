/**
 * Request and response schemas of the verifier API. They validate requests and generate the
 * OpenAPI 3.1 document; the response schemas describe the Verdict of shared-cose/src/types.ts.
 */
import { z } from '@hono/zod-openapi';
import { CHECK_ORDER, REASON_CODES } from '@dqcv/shared-cose';

/** Longest accepted QR text or payload: a QR code (version 40) holds at most 4,296 characters. */
export const MAX_TEXT = 8192;

export const VerifyItemSchema = z
  .object({
    url: z
      .string()
      .optional()
      .openapi({
        description:
          'The QR code text: a verification URL `…/w/?c=<base64url>`. Empty or longer than ' +
          `${MAX_TEXT} characters, it is a credential problem: an \`invalid\` / \`malformed\` verdict`,
        example: 'http://127.0.0.1:8787/w/?c=0oRDoQE4JKEERE…',
      }),
    c: z
      .string()
      .optional()
      .openapi({
        description:
          'The bare payload (base64url or base64 of the COSE_Sign1); empty or too long, it is ' +
          'an `invalid` / `malformed` verdict like `url`',
      }),
  })
  .refine((v) => (v.url === undefined) !== (v.c === undefined), {
    message: 'give exactly one of "url" or "c"',
  });

export const VerifyRequestSchema = z
  .object({
    // No length bounds here: empty or overlong QR data is a verdict, not a request problem
    // (DESIGN §3); the body limit still bounds what we read.
    url: z.string().optional(),
    c: z.string().optional(),
    receipt: z.boolean().optional().openapi({
      description: 'Also return a receipt signed by the verifier key',
    }),
  })
  .refine((v) => (v.url === undefined) !== (v.c === undefined), {
    message: 'give exactly one of "url" or "c"',
  })
  .openapi('VerifyRequest', {
    example: { url: 'http://127.0.0.1:8787/w/?c=0oRDoQE4JKEERE…' },
  });

export const BatchRequestSchema = z
  .object({
    items: z.array(z.unknown()).min(1).openapi({
      description: 'Each item is `{"url": …}` or `{"c": …}`; at most the configured number',
    }),
    receipt: z.boolean().optional(),
  })
  .openapi('BatchRequest');

const ReasonSchema = z.object({
  code: z.enum(REASON_CODES as [string, ...string[]]),
  message: z.string(),
});

const CheckSchema = z.object({
  name: z.enum(CHECK_ORDER as unknown as [string, ...string[]]),
  status: z.enum(['pass', 'fail', 'unknown', 'skipped']),
  code: z.enum(REASON_CODES as [string, ...string[]]).optional(),
  detail: z.string().optional(),
});

const CredentialSchema = z
  .object({
    qualificationName: z.string().optional(),
    holderName: z.string().optional(),
    birthDate: z.string().optional(),
    registrationNumber: z.string().optional(),
    registrationDate: z.string().optional(),
    kindCode: z.string().optional(),
    issueDate: z.string().optional(),
    issuingBody: z.string().optional(),
    issuerName: z.string().optional(),
    qualificationId: z.string().optional(),
    certificateId: z.string().optional(),
    holderCode: z.string().optional(),
    statusList: z.object({ idx: z.number(), uri: z.string() }).optional(),
  })
  .openapi('Credential');

const SignerSchema = z
  .object({
    kid: z.string(),
    alg: z.string(),
    subject: z.string(),
    issuer: z.string(),
    serialNumber: z.string(),
    notBefore: z.string(),
    notAfter: z.string(),
    trust: z.enum(['chain', 'pinned']),
  })
  .openapi('Signer');

export const VerdictSchema = z
  .object({
    result: z.enum(['valid', 'invalid', 'indeterminate']),
    reasons: z.array(ReasonSchema),
    checks: z.array(CheckSchema),
    credential: CredentialSchema.nullable(),
    signer: SignerSchema.nullable(),
    checkedAt: z.string().openapi({ format: 'date-time' }),
    status: z
      .object({ source: z.enum(['registry', 'status_list']), fetchedAt: z.string() })
      .optional(),
    receipt: z.string().optional().openapi({
      description: 'base64url COSE_Sign1 by the verifier key (docs/ARCHITECTURE.md "Receipts")',
    }),
  })
  .openapi('Verdict');

export const BatchResponseSchema = z
  .object({ results: z.array(VerdictSchema) })
  .openapi('BatchResponse');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
  })
  .openapi('Problem');

export const FileUploadSchema = z
  .object({
    file: z.any().openapi({ type: 'string', format: 'binary', description: 'PNG, JPEG or PDF' }),
  })
  .openapi('FileUpload');

/** The problem responses every JSON route can give. */
export const problemResponses = {
  400: {
    description: 'Not JSON, or not the schema',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  413: {
    description: 'Body too large',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
  429: {
    description: 'Rate limited (see Retry-After)',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;
