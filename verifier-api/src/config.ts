/**
 * The verifier's configuration: one JSON document (named by DQCV_CONFIG on Node), validated with
 * zod, then overridden field by field from environment variables. Runtime-neutral: a host that
 * reads files resolves `{ "file": … }` entries before calling `parseConfig` (see src/node/).
 */
import { z } from 'zod';
import type { AlgName } from '@dqcv/shared-cose';

const ALGS = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** A PEM text; the Node loader also accepts `{ "file": "path" }` and inlines it. */
const pem = z
  .string()
  .refine((s) => s.includes('-----BEGIN '), { message: 'expected a PEM text (-----BEGIN …)' });

const httpUrl = z
  .string()
  .url()
  .refine((s) => /^https?:\/\//.test(s), { message: 'expected an http(s) URL' });

const anchorSchema = z.union([
  pem.transform((certificate) => ({ certificate, crlUrl: undefined as string | undefined })),
  z.object({ certificate: pem, crlUrl: httpUrl.optional() }).strict(),
]);

const signerSchema = z
  .object({
    kid: z.string().min(1).max(64),
    certificate: pem,
    /** Trusted by itself, without a chain to an anchor (a system whose root is not published). */
    pinned: z.boolean().default(false),
  })
  .strict();

const configSchema = z
  .object({
    /**
     * Base URLs whose `/w/?c=` pages are credential URLs (scheme, host and port must match),
     * e.g. `https://dqcvs.nqs.go.jp`. The Node host adds its own address.
     */
    verificationHosts: z.array(httpUrl).default(['https://dqcvs.nqs.go.jp']),
    /** Algorithms a credential may use; anything else is `unsupported_algorithm`. */
    algorithms: z.array(z.enum(ALGS)).min(1).default(['PS256', 'ES256']),
    trust: z
      .object({
        anchors: z.array(anchorSchema).default([]),
        signers: z.array(signerSchema).default([]),
        /** CRL address per CA, for CAs that are not anchors (e.g. intermediates). */
        crls: z.array(z.object({ ca: pem, url: httpUrl }).strict()).default([]),
        /** Also take signers (each validated to an anchor) from the registry's trust list. */
        useRegistryTrustList: z.boolean().default(false),
      })
      .strict()
      .default({ anchors: [], signers: [], crls: [], useRegistryTrustList: false }),
    registry: z
      .object({
        /** Base of the registry's HTTP layout, e.g. http://127.0.0.1:8787/registry */
        baseUrl: httpUrl.optional(),
        /** Ask per certificate (`registry`), or read the signed status list (`status_list`). */
        statusMode: z.enum(['registry', 'status_list']).default('registry'),
        /** Status lists to put in the PWA trust bundle (addresses under the registry). */
        statusLists: z.array(httpUrl).default([]),
      })
      .strict()
      .default({ statusMode: 'registry', statusLists: [] }),
    timeouts: z
      .object({ fetchMs: z.number().int().min(50).max(60_000).default(3000) })
      .strict()
      .default({ fetchMs: 3000 }),
    cache: z
      .object({
        /** A CRL is kept no longer than its nextUpdate and this age. */
        crlMaxAgeSeconds: z.number().int().min(0).default(300),
        /** A status list is kept no longer than its exp/ttl and this age. */
        statusListMaxAgeSeconds: z.number().int().min(0).default(60),
        /** A per-certificate status answer is reused for this long (0: ask every time). */
        statusAnswerSeconds: z.number().int().min(0).default(10),
        /** The registry trust list is refreshed after this age. */
        trustListMaxAgeSeconds: z.number().int().min(0).default(300),
      })
      .strict()
      .default({
        crlMaxAgeSeconds: 300,
        statusListMaxAgeSeconds: 60,
        statusAnswerSeconds: 10,
        trustListMaxAgeSeconds: 300,
      }),
    cors: z
      .object({ origins: z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ origins: [] }),
    rateLimit: z
      .object({
        /** Requests per client per window; 0 turns the limit off. */
        max: z.number().int().min(0).default(120),
        windowSeconds: z.number().int().min(1).default(60),
      })
      .strict()
      .default({ max: 120, windowSeconds: 60 }),
    limits: z
      .object({
        jsonBytes: z
          .number()
          .int()
          .min(1024)
          .default(64 * 1024),
        fileBytes: z
          .number()
          .int()
          .min(1024)
          .default(10 * 1024 * 1024),
        batchMaxItems: z.number().int().min(1).max(1000).default(100),
      })
      .strict()
      .default({ jsonBytes: 64 * 1024, fileBytes: 10 * 1024 * 1024, batchMaxItems: 100 }),
    receipts: z
      .object({ always: z.boolean().default(false) })
      .strict()
      .default({ always: false }),
    /** The verifier's own key (role `verifier`): signs receipts and the PWA trust bundle. */
    verifierKey: z.object({ privateKey: pem, certificate: pem }).strict().optional(),
  })
  .strict();

/** The validated configuration with every default filled in. */
export type VerifierConfig = z.infer<typeof configSchema> & { algorithms: AlgName[] };

/** Thrown when the configuration is invalid; the message lists every problem by its path. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Environment variables that override single fields (comma-separated lists). */
export const ENV_OVERRIDES: Record<
  string,
  { path: string[]; kind: 'list' | 'int' | 'string' | 'bool' }
> = {
  DQCV_VERIFICATION_HOSTS: { path: ['verificationHosts'], kind: 'list' },
  DQCV_ALGORITHMS: { path: ['algorithms'], kind: 'list' },
  DQCV_REGISTRY_URL: { path: ['registry', 'baseUrl'], kind: 'string' },
  DQCV_STATUS_MODE: { path: ['registry', 'statusMode'], kind: 'string' },
  DQCV_USE_REGISTRY_TRUST_LIST: { path: ['trust', 'useRegistryTrustList'], kind: 'bool' },
  DQCV_FETCH_TIMEOUT_MS: { path: ['timeouts', 'fetchMs'], kind: 'int' },
  DQCV_CRL_MAX_AGE_SECONDS: { path: ['cache', 'crlMaxAgeSeconds'], kind: 'int' },
  DQCV_STATUS_LIST_MAX_AGE_SECONDS: { path: ['cache', 'statusListMaxAgeSeconds'], kind: 'int' },
  DQCV_STATUS_ANSWER_SECONDS: { path: ['cache', 'statusAnswerSeconds'], kind: 'int' },
  DQCV_CORS_ORIGINS: { path: ['cors', 'origins'], kind: 'list' },
  DQCV_RATE_LIMIT_MAX: { path: ['rateLimit', 'max'], kind: 'int' },
  DQCV_RATE_LIMIT_WINDOW_SECONDS: { path: ['rateLimit', 'windowSeconds'], kind: 'int' },
  DQCV_BATCH_MAX_ITEMS: { path: ['limits', 'batchMaxItems'], kind: 'int' },
  DQCV_RECEIPTS_ALWAYS: { path: ['receipts', 'always'], kind: 'bool' },
};

function applyEnv(doc: Record<string, unknown>, env: Record<string, string | undefined>): void {
  for (const [name, { path, kind }] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (kind === 'list')
      value = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (kind === 'int') {
      if (!/^\d+$/.test(raw))
        throw new ConfigError(`${name}: expected a whole number, got "${raw}"`);
      value = Number(raw);
    }
    if (kind === 'bool') {
      if (!/^(true|false|1|0)$/.test(raw)) throw new ConfigError(`${name}: expected true or false`);
      value = raw === 'true' || raw === '1';
    }
    let node = doc;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1] as string] = value;
  }
}

/**
 * Validates a configuration document and applies environment overrides. Fails fast: every
 * problem is listed in one `ConfigError`.
 *
 * @example
 * const config = parseConfig({ registry: { baseUrl: 'http://127.0.0.1:8787/registry' } }, process.env);
 */
export function parseConfig(
  json: unknown,
  env: Record<string, string | undefined> = {},
): VerifierConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError('configuration: expected a JSON object');
  }
  const doc = structuredClone(json) as Record<string, unknown>;
  applyEnv(doc, env);
  const parsed = configSchema.safeParse(doc);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid verifier configuration:\n${lines.join('\n')}`);
  }
  return parsed.data as VerifierConfig;
}

/** The registry addresses derived from `registry.baseUrl` (docs/ARCHITECTURE.md "Registry"). */
export function registryUrls(config: VerifierConfig) {
  const base = config.registry.baseUrl?.replace(/\/+$/, '');
  if (base === undefined) return undefined;
  return {
    base,
    status: (certificateId: string) =>
      `${base}/v1/certificates/${encodeURIComponent(certificateId)}/status`,
    statusListPrefix: `${base}/v1/status-lists/`,
    trustList: `${base}/v1/trust-list`,
    rootCrl: `${base}/ca/root.crl`,
  };
}
