/**
 * Before any workerd test: bundle both Workers exactly as `wrangler deploy` would, apply the
 * registry's D1 migrations with `wrangler d1 migrations apply --local`, and provision a fresh
 * deployment's secrets (a new CA, signers, status-list signer, verifier key, admin token).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { provisionWorkers } from '../../registry/src/worker/provision';
import { REGISTRY_URL, VERIFIER_URL, type WorkersContext } from '../support/context';
import { wrangler } from '../support/wrangler';

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'dqcv-workers-'));
  const verifierBundle = join(dir, 'verifier');
  const registryBundle = join(dir, 'registry');
  const migratedState = join(dir, 'state');

  // One after another: the machine is small and each wrangler run is an esbuild or workerd.
  await wrangler(['deploy', '--dry-run', '--env=', '--outdir', verifierBundle]);
  await wrangler(['deploy', '--dry-run', '--env', 'registry', '--outdir', registryBundle]);
  await wrangler([
    'd1',
    'migrations',
    'apply',
    'DB',
    '--local',
    '--env',
    'registry',
    '--persist-to',
    migratedState,
  ]);

  const provisioned = await provisionWorkers({
    registryUrl: REGISTRY_URL,
    verifierUrl: VERIFIER_URL,
  });
  const context: WorkersContext = {
    verifierBundle,
    registryBundle,
    migratedState,
    registryBindings: provisioned.registry,
    verifierBindings: provisioned.verifier,
    rootCertificatePem: provisioned.pki.root.certificatePem,
    signers: provisioned.pki.signers.map((s) => ({ kid: s.kid, certificatePem: s.certificatePem })),
  };
  project.provide('dqcvWorkers', context);

  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
