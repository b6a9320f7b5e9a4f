/**
 * A whole deployment in one workerd (Miniflare): the registry Worker on its own copy of the
 * migrated D1, and one or more verifier Workers built from the same bundle with different
 * bindings. Requests go through Miniflare into workerd; Worker to Worker is a service binding.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import {
  COMPATIBILITY_DATE,
  D1_DATABASE_ID,
  REGISTRY_URL,
  VERIFIER_URL,
  type WorkersContext,
} from './context';

export interface VerifierWorker {
  name: string;
  /** DQCV_CONFIG of this verifier. */
  config: Record<string, unknown>;
  /** Reach the registry through the REGISTRY service binding (default true). */
  registryBinding?: boolean;
}

export interface Deployment {
  mf: Miniflare;
  /** A request to one Worker by name; `path` is resolved against that Worker's public URL. */
  fetch(worker: string, path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The verifier configuration of the walk: every cache age zero, so each check is live. */
export function liveConfig(ctx: WorkersContext): Record<string, unknown> {
  return {
    verificationHosts: [VERIFIER_URL],
    trust: {
      anchors: [
        { certificate: ctx.rootCertificatePem, crlUrl: `${REGISTRY_URL}/registry/ca/root.crl` },
      ],
      signers: ctx.signers.map((s) => ({ kid: s.kid, certificate: s.certificatePem })),
    },
    registry: { baseUrl: `${REGISTRY_URL}/registry` },
    cache: {
      crlMaxAgeSeconds: 0,
      statusListMaxAgeSeconds: 0,
      statusAnswerSeconds: 0,
      trustListMaxAgeSeconds: 0,
    },
    rateLimit: { max: 0, windowSeconds: 60 },
  };
}

/**
 * Starts the registry and the given verifiers in one workerd.
 *
 * @example
 * const d = await startDeployment(inject('dqcvWorkers'), [{ name: 'verifier', config }]);
 * const res = await d.fetch('verifier', '/healthz');
 */
export async function startDeployment(
  ctx: WorkersContext,
  verifiers: VerifierWorker[],
): Promise<Deployment> {
  const state = await mkdtemp(join(tmpdir(), 'dqcv-d1-'));
  await cp(ctx.migratedState, state, { recursive: true });

  const mf = new Miniflare({
    d1Persist: join(state, 'v3', 'd1'),
    workers: [
      {
        name: 'registry',
        modules: true,
        scriptPath: join(ctx.registryBundle, 'index.js'),
        modulesRoot: ctx.registryBundle,
        compatibilityDate: COMPATIBILITY_DATE,
        d1Databases: { DB: D1_DATABASE_ID },
        bindings: {
          ...ctx.registryBindings,
          DQCV_BASE_URL: REGISTRY_URL,
          DQCV_VERIFY_BASE_URL: VERIFIER_URL,
        },
      },
      ...verifiers.map((v) => ({
        name: v.name,
        modules: true,
        scriptPath: join(ctx.verifierBundle, 'index.js'),
        modulesRoot: ctx.verifierBundle,
        compatibilityDate: COMPATIBILITY_DATE,
        bindings: {
          DQCV_CONFIG: JSON.stringify(v.config),
          DQCV_VERIFIER_KEY: ctx.verifierBindings.DQCV_VERIFIER_KEY as string,
          DQCV_VERIFIER_CERT: ctx.verifierBindings.DQCV_VERIFIER_CERT as string,
        },
        serviceBindings:
          v.registryBinding === false ? {} : ({ REGISTRY: 'registry' } as Record<string, string>),
      })),
    ],
  });
  await mf.ready;

  return {
    mf,
    async fetch(worker, path, init) {
      const base = worker === 'registry' ? REGISTRY_URL : VERIFIER_URL;
      // Miniflare types its Fetcher with workers-types, which this repository does not install.
      const target = (await mf.getWorker(worker)) as unknown as {
        fetch(url: string, init?: RequestInit): Promise<Response>;
      };
      return target.fetch(new URL(path, base).href, init);
    },
    async close() {
      await mf.dispose();
      await rm(state, { recursive: true, force: true });
    },
  };
}
