/**
 * x509-limbo (C2SP): the path-validation cases run through our own validator (`validatePath`).
 * Cases about server names, name constraints and other features we do not implement are
 * skipped, counted and explained. The corpus is read in place from ../shared/vectors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseCertificate, type ParsedCertificate } from '../src/x509/certificate';
import { instant, validatePath } from '../src/x509/path';
import type { KeyUsageName } from '../src/x509/certificate';
import { listVectorFiles, readVectorText, vectorsLocation } from './vectors';

const LIMBO = 'x509-limbo/';

interface LimboCase {
  id: string;
  features?: string[] | null;
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  validation_time: string | null;
  key_usage?: string[] | null;
  extended_key_usage?: string[] | null;
  max_chain_depth?: number | null;
  expected_result: 'SUCCESS' | 'FAILURE';
}

/** Features (limbo's `features`) whose behaviour we implement; the others are skipped. */
const IMPLEMENTED_FEATURES = new Set(['max-chain-depth']);

const EKU_OIDS: Record<string, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

const NOT_OURS = {
  names: 'server-name matching (SAN/CN) is TLS, not part of credential signer validation',
  nameConstraints: 'name constraints are not implemented (a critical one is refused)',
  akiSkiPresence:
    'AKI/SKI presence is a profile rule for issuing CAs (RFC 5280 §4.2.1.1-2), not a §6 check',
  webpkiRoot: "CA/Browser Forum rules on a root's AKI are Web PKI policy, not ours",
  caAsLeaf: 'a CA certificate as the end entity: our signer profile requires cA=false',
};

/** Why a case is skipped, or undefined when it runs. */
function skipReason(tc: LimboCase): string | undefined {
  const unimplemented = (tc.features ?? []).filter((f) => !IMPLEMENTED_FEATURES.has(f));
  if (unimplemented.length > 0) return `feature not implemented: ${unimplemented.join(', ')}`;
  const { id } = tc;
  if (id.startsWith('webpki::san::') || id === 'rfc5280::san::noncritical-with-empty-subject') {
    return NOT_OURS.names;
  }
  if (id.startsWith('rfc5280::nc::') || id.startsWith('webpki::nc::'))
    return NOT_OURS.nameConstraints;
  if (/::(leaf|intermediate)-missing-aki$|::(root|intermediate)-missing-ski$/.test(id)) {
    return NOT_OURS.akiSkiPresence;
  }
  if (id.startsWith('webpki::aki::')) return NOT_OURS.webpkiRoot;
  if (id === 'pathlen::validation-ignores-pathlen-in-leaf') return NOT_OURS.caAsLeaf;
  return undefined;
}

async function runCase(tc: LimboCase): Promise<{ result: 'SUCCESS' | 'FAILURE'; detail: string }> {
  let leaf: ParsedCertificate;
  let anchors: ParsedCertificate[];
  let intermediates: ParsedCertificate[];
  try {
    leaf = await parseCertificate(tc.peer_certificate);
    anchors = await Promise.all(tc.trusted_certs.map((pem) => parseCertificate(pem)));
    intermediates = await Promise.all(
      tc.untrusted_intermediates.map((pem) => parseCertificate(pem)),
    );
  } catch (error) {
    return { result: 'FAILURE', detail: `parse: ${(error as Error).message}` };
  }
  const ekus = tc.extended_key_usage ?? [];
  expect(ekus.length).toBeLessThanOrEqual(1);
  const keyUsages = (tc.key_usage ?? []) as KeyUsageName[];
  expect(keyUsages.length).toBeLessThanOrEqual(1);

  const at = tc.validation_time ? new Date(tc.validation_time) : new Date();
  const answer = await validatePath(leaf, {
    anchors,
    intermediates,
    at: [instant(at)],
    ...(ekus[0] && { requiredEku: EKU_OIDS[ekus[0]] }),
    ...(keyUsages[0] && { leafKeyUsage: keyUsages[0] }),
    ...(tc.max_chain_depth != null && { maxIntermediates: tc.max_chain_depth }),
  });
  return answer.ok
    ? { result: 'SUCCESS', detail: 'ok' }
    : { result: 'FAILURE', detail: answer.detail };
}

async function loadCases(suiteText: string): Promise<LimboCase[]> {
  const suite = JSON.parse(suiteText) as { testcases: LimboCase[] };
  const names = ((await listVectorFiles(`${LIMBO}online/`)) ?? []).filter(
    (f) => !f.includes('/') && f.endsWith('.limbo.json'),
  );
  const online = await Promise.all(
    names.map(async (f) => JSON.parse((await readVectorText(`${LIMBO}online/${f}`))!) as LimboCase),
  );
  return [
    ...suite.testcases,
    ...online.map((tc) => ({ ...tc, id: tc.id.replace(/^online::/, 'online-head::') })),
  ];
}

const suiteText = await readVectorText(`${LIMBO}limbo.json`);
const present = suiteText !== undefined;
if (!present) {
  console.log(`x509-limbo: ${vectorsLocation()}${LIMBO} is absent; the limbo cases are skipped`);
}
const cases = present ? await loadCases(suiteText) : [];
const skipped = new Map<string, number>();
let ran = 0;

describe.skipIf(!present)('x509-limbo path validation', () => {
  for (const tc of cases) {
    const reason = skipReason(tc);
    if (reason) {
      skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
      it.skip(`${tc.id} (${reason})`, () => {});
      continue;
    }
    it(`${tc.id} gives ${tc.expected_result}`, async () => {
      ran++;
      const { result, detail } = await runCase(tc);
      expect({ result, detail }).toMatchObject({ result: tc.expected_result });
    });
  }

  afterAll(() => {
    const lines = [...skipped].map(([reason, n]) => `  ${n} skipped: ${reason}`);
    console.log(`x509-limbo: ${ran} of ${cases.length} cases ran\n${lines.join('\n')}`);
  });
});
