/**
 * Section `verify` (issue 7 §1): a full verification in process — decode, signature, signer
 * path, CRL, status list, from the host's caches — beside the fastest raw verify of the same
 * signature on this platform (`node:crypto` with a cached KeyObject), one call at a time,
 * interleaved in the same run. Target: full ≥ 0.8 of raw with the Node backend.
 *
 * Beside it, what stands between the two: the same full verification with a backend whose
 * answer is a settled `true` (no engine call) costs the pipeline alone — decode, trust, CRL,
 * status list, verdict — and the target leaves it raw × (1/0.8 − 1) per call.
 */
import { constants, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  createWebCryptoBackend,
  decodeSign1,
  parseQrText,
  sigStructure1,
  type AlgName,
  type CryptoBackend,
} from '@dqcv/shared-cose';
import { createNodeCryptoBackend } from '../../verifier-api/src/node/crypto';
import { figure, type Figure } from '../lib/figures';
import { fixtureVerifier, type FixtureVerifier } from '../lib/fixture-verifier';
import { interleavedSamples, median, pairedRatio } from '../lib/timing';

const SECTION = 'verify';
const TARGET_RATIO = 0.8;

/**
 * A raw verify of the credential's own signature with a KeyObject made once, and the same
 * signature through the Node backend's `verify` (its key cache and argument checks) alone.
 */
async function rawVerifiers(fx: FixtureVerifier, url: string, alg: AlgName) {
  const parsed = parseQrText(url, { verificationHosts: fx.config.verificationHosts });
  if (!parsed.ok) throw new Error(`fixture URL does not parse: ${parsed.code}`);
  const decoded = decodeSign1(parsed.bytes);
  if (!decoded.ok) throw new Error(`fixture credential does not decode: ${decoded.detail}`);
  const { protectedBytes, payload, signature } = decoded.sign1;
  const data = sigStructure1(protectedBytes, payload);
  const kid = alg === 'PS256' ? 'D-000001' : 'D-000002';
  const signer = fx.fixtures.manifest.trust.signers[kid];
  if (!signer) throw new Error(`fixtures lack signer ${kid}`);
  const key: KeyObject = createPublicKey(await readFile(fx.fixtures.path(signer.pem), 'utf8'));
  const input =
    alg === 'PS256'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { key, dsaEncoding: 'ieee-p1363' as const };
  const verify = async () => nodeVerify('sha256', data, input, signature);
  if (!(await verify())) throw new Error(`raw ${alg} verify of the fixture signature failed`);
  const backend = createNodeCryptoBackend();
  const spki = new Uint8Array(key.export({ type: 'spki', format: 'der' }));
  const viaBackend = () => backend.verify(alg, spki, data, signature);
  if (!(await viaBackend())) throw new Error(`the Node backend refuses the ${alg} signature`);
  return { raw: verify, backend: viaBackend };
}

/** A backend that answers every signature with a settled yes: the pipeline without its engine. */
const SETTLED_TRUE = Promise.resolve(true);
const noEngine: CryptoBackend = {
  name: 'no-engine (bench only)',
  readsViewedBytesOnly: true,
  verify: () => SETTLED_TRUE,
};

/** One await of a settled value: what the loop itself costs per call. */
const SETTLED = Promise.resolve();
const emptyCall = () => SETTLED;

const micros = (perSecond: number) => 1e6 / perSecond;

async function fullVerifier(fx: FixtureVerifier, url: string) {
  const verify = () => fx.verifier.verify({ url }, 'en');
  const verdict = await verify();
  if (verdict.result !== 'valid') {
    throw new Error(
      `fixture credential verified as ${verdict.result}: ${JSON.stringify(verdict.reasons)}`,
    );
  }
  return verify;
}

/** Runs the section and returns its figures. */
export async function runVerify(): Promise<Figure[]> {
  const node = await fixtureVerifier({ crypto: createNodeCryptoBackend() });
  const web = await fixtureVerifier({ crypto: createWebCryptoBackend() });
  const bare = await fixtureVerifier({ crypto: noEngine });
  const figures: Figure[] = [];

  for (const alg of ['PS256', 'ES256'] as const) {
    const url = alg === 'PS256' ? node.urls.ps256 : node.urls.es256;
    const raws = await rawVerifiers(node, url, alg);
    const candidates = {
      raw: raws.raw,
      backend: raws.backend,
      nodeFull: await fullVerifier(node, url),
      webFull: await fullVerifier(web, url),
      noEngine: await fullVerifier(bare, url),
      empty: emptyCall,
    };
    // Counted after each candidate's first call, which fills the host's caches.
    const fetchesBefore = node.fetches() + web.fetches();
    const samples = await interleavedSamples(candidates, { rounds: 9 });
    const hotFetches = node.fetches() + web.fetches() - fetchesBefore;
    const rate = (name: keyof typeof samples) => median(samples[name]);

    const rawMicros = micros(rate('raw'));
    const pipelineMicros = micros(rate('noEngine')) - micros(rate('empty'));
    // What the full verify spends beyond its pipeline: the engine call as it costs in there.
    const engineInFullMicros = micros(rate('nodeFull')) - micros(rate('noEngine'));
    const budgetMicros = rawMicros * (1 / TARGET_RATIO - 1);
    const paired = 'median over 9 interleaved rounds of the ratio within each round';
    figures.push(
      figure(SECTION, `${alg} raw node:crypto verify`, rate('raw'), {
        unit: '/s',
        note: `${rawMicros.toFixed(1)} µs per call`,
      }),
      figure(SECTION, `${alg} full verify, Node backend`, rate('nodeFull'), {
        unit: '/s',
        note: `${micros(rate('nodeFull')).toFixed(1)} µs per call`,
      }),
      figure(
        SECTION,
        `${alg} full (Node backend) / raw`,
        pairedRatio(samples.nodeFull, samples.raw),
        {
          unit: 'ratio',
          target: TARGET_RATIO,
          note: paired,
        },
      ),
      figure(SECTION, `${alg} full verify, WebCrypto backend`, rate('webFull'), { unit: '/s' }),
      figure(
        SECTION,
        `${alg} full (WebCrypto backend) / raw`,
        pairedRatio(samples.webFull, samples.raw),
        {
          unit: 'ratio',
          note: `reported, no target; ${paired}`,
        },
      ),
      figure(SECTION, `${alg} pipeline without the engine, per call`, pipelineMicros, {
        unit: 'µs',
        reference: budgetMicros,
        note:
          `full verify with a backend answering a settled yes, less an empty call; the 0.8 ` +
          `target leaves ${budgetMicros.toFixed(1)} µs beside a ` +
          `${rawMicros.toFixed(1)} µs raw verify`,
      }),
      figure(SECTION, `${alg} Node backend call alone, per call`, micros(rate('backend')), {
        unit: 'µs',
        reference: rawMicros,
        note: 'backend.verify in a tight loop (key cache, argument and shape checks) beside raw',
      }),
      figure(SECTION, `${alg} engine inside the full verify, per call`, engineInFullMicros, {
        unit: 'µs',
        reference: rawMicros,
        note:
          'full verify less the pipeline row: the same backend call between the pipeline steps, ' +
          'beside raw; with the pipeline it makes up the whole of full − raw',
      }),
      figure(SECTION, `${alg} registry fetches during the runs`, hotFetches, {
        unit: 'requests',
        target: 0,
        better: 'lower',
        note: 'hot path: CRL and status list from the host cache',
      }),
    );
  }
  return figures;
}
