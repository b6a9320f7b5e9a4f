/**
 * POST /v1/verify, /v1/verify/batch and /v1/verify/file. A well-formed request about a bad
 * credential is 200 with a verdict; only a wrong request is a problem document (DESIGN §3).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CHECK_ORDER, reasonMessage, type Lang, type Verdict } from '@dqcv/shared-cose';
import { FileTooLargeError, type FileKind, type VerifierAppDeps, type VerifyInput } from '../deps';
import { bodyLimit } from '../http/body-limit';
import { pickLang } from '../http/lang';
import { problemResponse } from '../http/problem';
import { base64url } from '../keys/encoding';
import { fastJsonBody, isBatchRequest, isVerifyRequest } from './fast-json';
import {
  BatchRequestSchema,
  BatchResponseSchema,
  FileUploadSchema,
  MAX_TEXT,
  ProblemSchema,
  VerdictSchema,
  VerifyItemSchema,
  VerifyRequestSchema,
  problemResponses,
} from './schemas';

/** A required JSON body: without `required`, a body of another type would skip validation. */
function jsonBody<S>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } };
}

const verifyRoute = createRoute({
  method: 'post',
  path: '/v1/verify',
  summary: 'Verify one certificate (QR text or payload)',
  description:
    'Answers 200 with a verdict for any well-formed request, also for a garbage QR text ' +
    '(`invalid` / `malformed`). Messages follow Accept-Language (ja, en).',
  request: { body: jsonBody(VerifyRequestSchema) },
  responses: {
    200: { description: 'The verdict', content: { 'application/json': { schema: VerdictSchema } } },
    ...problemResponses,
  },
});

const batchRoute = createRoute({
  method: 'post',
  path: '/v1/verify/batch',
  summary: 'Verify several certificates; answers in the order of the items',
  description:
    'At most `limits.batchMaxItems` items. The body may hold that many items of the longest ' +
    `accepted QR text (${MAX_TEXT} characters each); an empty or overlong item gets its own ` +
    '`invalid` / `malformed` verdict.',
  request: { body: jsonBody(BatchRequestSchema) },
  responses: {
    200: {
      description: 'One verdict per item, in order',
      content: { 'application/json': { schema: BatchResponseSchema } },
    },
    ...problemResponses,
  },
});

const fileRoute = createRoute({
  method: 'post',
  path: '/v1/verify/file',
  summary: 'Verify the QR code found in an uploaded PNG, JPEG or PDF',
  description:
    'All pages of a PDF are rendered at several scales. No QR code found is a verdict with ' +
    'reason `no_qr_found`. Hosts without a renderer (Cloudflare Workers) answer 501.',
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: FileUploadSchema } } },
  },
  responses: {
    200: { description: 'The verdict', content: { 'application/json': { schema: VerdictSchema } } },
    415: {
      description: 'Not PNG, JPEG or PDF',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    501: {
      description: 'No file handler on this host',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
    ...problemResponses,
  },
});

/** The language of messages for a request: `?lang=`, then Accept-Language, then Japanese. */
export function requestLang(c: Context): Lang {
  return pickLang(c.req.header('accept-language'), c.req.query('lang'), 'ja');
}

/** A `POST /v1/verify` body as the schema (or the fast path) accepted it. */
type VerifyBody = { url?: string; c?: string; receipt?: boolean };
/** A `POST /v1/verify/batch` body as the schema (or the fast path) accepted it. */
type BatchBody = { items: unknown[]; receipt?: boolean };

function toInput(item: { url?: string; c?: string }): VerifyInput {
  return item.url !== undefined ? { url: item.url } : { c: item.c as string };
}

/** Sniffs the kind of an upload from its magic bytes; the declared type is not trusted. */
export function sniffFile(bytes: Uint8Array): FileKind | undefined {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  return undefined;
}

/** The verdict for an upload in which no QR code was found. */
export function noQrVerdict(lang: Lang, now: Date = new Date()): Verdict {
  return {
    result: 'invalid',
    reasons: [{ code: 'no_qr_found', message: reasonMessage('no_qr_found', lang) }],
    checks: CHECK_ORDER.map((name) =>
      name === 'decode'
        ? { name, status: 'fail', code: 'no_qr_found' }
        : { name, status: 'skipped' },
    ),
    credential: null,
    signer: null,
    checkedAt: now.toISOString(),
  };
}

/** Room per batch item besides its QR text: the key, quotes, braces and separators. */
const BATCH_ITEM_OVERHEAD = 64;

/**
 * The body limit of the batch route: room for `batchMaxItems` items of the longest accepted QR
 * text, so the documented maximum is reachable (a real PS256 URL is ~700 bytes; 100 of them
 * exceed 64 KiB), and never less than the single-verify limit.
 *
 * @example
 * batchBodyBytes({ jsonBytes: 65536, batchMaxItems: 100 }) // 825600
 */
export function batchBodyBytes(limits: { jsonBytes: number; batchMaxItems: number }): number {
  return Math.max(limits.jsonBytes, limits.batchMaxItems * (MAX_TEXT + BATCH_ITEM_OVERHEAD));
}

/** Registers the three verify routes on `app`. */
export function registerVerifyRoutes(app: OpenAPIHono, deps: VerifierAppDeps): void {
  const { config, verifier, keys } = deps;
  const tooLarge = (c: Context) =>
    problemResponse(c, 'too-large', `the body may have at most ${config.limits.jsonBytes} bytes`);
  const wantsReceipt = (c: Context, asked: boolean | undefined) =>
    asked === true || c.req.query('receipt') === '1' || config.receipts.always;

  // Without a receipt the verdict is answered as it is, with no promise in between.
  async function signed(verdict: Verdict) {
    if (keys === undefined) return verdict;
    return { ...verdict, receipt: base64url(await keys.receipt(verdict)) };
  }

  app.use('/v1/verify', bodyLimit({ maxSize: config.limits.jsonBytes, onError: tooLarge }));
  const batchBytes = batchBodyBytes(config.limits);
  app.use(
    '/v1/verify/batch',
    bodyLimit({
      maxSize: batchBytes,
      onError: (c) =>
        problemResponse(c, 'too-large', `the batch body may have at most ${batchBytes} bytes`),
    }),
  );
  app.use(
    '/v1/verify/file',
    bodyLimit({
      maxSize: config.limits.fileBytes,
      onError: (c) =>
        problemResponse(
          c,
          'too-large',
          `the file may have at most ${config.limits.fileBytes} bytes`,
        ),
    }),
  );

  async function answerVerify(c: Context, body: VerifyBody): Promise<Response> {
    const receipt = wantsReceipt(c, body.receipt);
    if (receipt && keys === undefined) return problemResponse(c, 'receipts-unavailable');
    const verdict = await verifier.verify(toInput(body), requestLang(c));
    return c.json(receipt ? await signed(verdict) : verdict, 200);
  }

  async function answerBatch(c: Context, body: BatchBody): Promise<Response> {
    const max = config.limits.batchMaxItems;
    if (body.items.length > max) {
      return problemResponse(c, 'batch-too-long', `at most ${max} items`, { maxItems: max });
    }
    const items: VerifyInput[] = [];
    for (const [i, raw] of body.items.entries()) {
      const item = VerifyItemSchema.safeParse(raw);
      if (!item.success) {
        const msg = item.error.issues[0]?.message ?? 'not an item';
        return problemResponse(c, 'invalid-request', `items[${i}]: ${msg}`);
      }
      items.push(toInput(item.data));
    }
    const receipt = wantsReceipt(c, body.receipt);
    if (receipt && keys === undefined) return problemResponse(c, 'receipts-unavailable');
    const lang = requestLang(c);
    const results: Verdict[] = [];
    // One after another: answers stay in order and one batch cannot monopolise the registry.
    for (const input of items) {
      const verdict = await verifier.verify(input, lang);
      results.push(receipt ? await signed(verdict) : verdict);
    }
    return c.json({ results }, 200);
  }

  // A well-formed JSON body is answered by the fast path; every other request reaches the
  // OpenAPI route's validators, which answer it (fast-json.ts).
  app.post('/v1/verify', fastJsonBody(isVerifyRequest, answerVerify));
  app.openapi(verifyRoute, (c) => answerVerify(c, c.req.valid('json')) as never);
  app.post('/v1/verify/batch', fastJsonBody(isBatchRequest, answerBatch));
  app.openapi(batchRoute, (c) => answerBatch(c, c.req.valid('json')) as never);

  app.openapi(fileRoute, async (c) => {
    if (deps.fileDecoder === undefined) {
      return problemResponse(
        c,
        'not-implemented',
        'file upload is served by the Node host only',
      ) as never;
    }
    const form = await c.req.parseBody().catch(() => undefined);
    const file = form?.['file'];
    if (!(file instanceof Blob)) {
      return problemResponse(
        c,
        'invalid-request',
        'expected multipart/form-data with a "file" part',
      ) as never;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = sniffFile(bytes);
    if (kind === undefined)
      return problemResponse(c, 'unsupported-media-type', 'send a PNG, JPEG or PDF') as never;

    const lang = requestLang(c);
    let texts: string[];
    try {
      texts = await deps.fileDecoder(bytes, kind);
    } catch (error) {
      if (error instanceof FileTooLargeError) {
        return problemResponse(c, 'too-large', error.message) as never;
      }
      throw error;
    }
    const verdict = await firstCredential(texts, (input) => verifier.verify(input, lang), lang);
    const receipt = wantsReceipt(c, c.req.query('receipt') === '1');
    return c.json(receipt ? await signed(verdict) : verdict, 200);
  });
}

/**
 * Verifies the QR codes found in a file: the first that decodes as a credential wins; when none
 * does, the first one's verdict is answered; when there is none, `no_qr_found`.
 */
async function firstCredential(
  texts: string[],
  verify: (input: VerifyInput) => Promise<Verdict>,
  lang: Lang,
): Promise<Verdict> {
  let first: Verdict | undefined;
  for (const text of texts.slice(0, 8)) {
    const verdict = await verify({ url: text });
    if (verdict.checks[0]?.status === 'pass') return verdict;
    first ??= verdict;
  }
  return first ?? noQrVerdict(lang);
}
