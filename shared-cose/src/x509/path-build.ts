/**
 * Path building and the time-independent half of path validation (RFC 5280 §6.1): every
 * candidate path from a leaf to a trust anchor through the known intermediates, each
 * certificate's structure, each signature by its issuer, basic constraints and path length.
 * Results are cached per leaf and pool of certificates; validity periods are checked by the
 * caller on every use (path.ts).
 */
import { bytesEqual, EXT, type ParsedCertificate } from './certificate';
import { describeKey, verifySignedData } from './signature';

/** The paths (leaf first, anchor last) that passed every time-independent check. */
export interface CertifiedPaths {
  paths: readonly (readonly ParsedCertificate[])[];
  /** Why the best attempt failed, when no path passed. */
  problem?: string;
}

/** Longest path considered, leaf and anchor included (a loop guard; ours have two). */
const MAX_PATH_CERTIFICATES = 8;
/** Signature checks one search may spend (an x5chain is attacker-supplied). */
const MAX_SIGNATURE_CHECKS = 48;
const CACHE_LIMIT = 256;

/** Extensions we process, so they may be critical (RFC 5280 §4.2: others critical → refuse). */
const UNDERSTOOD_CRITICAL = new Set<string>([
  EXT.keyUsage,
  EXT.basicConstraints,
  EXT.extKeyUsage,
  // Names are shown, never matched; a critical SAN (empty subject) changes nothing for us.
  EXT.subjectAltName,
]);

const EMPTY_NAME = Uint8Array.of(0x30, 0x00);

const ids = new WeakMap<ParsedCertificate, number>();
let nextId = 1;
const cache = new Map<string, Promise<CertifiedPaths>>();

/**
 * Every path from `leaf` to one of `anchors` that passes the checks that do not depend on time,
 * cached per leaf and pool.
 *
 * @example
 * const { paths, problem } = await certifiedPaths(leaf, [root], [intermediate]);
 */
export function certifiedPaths(
  leaf: ParsedCertificate,
  anchors: readonly ParsedCertificate[],
  intermediates: readonly ParsedCertificate[],
): Promise<CertifiedPaths> {
  const key = [[leaf], anchors, intermediates].map((group) => group.map(idOf).join(',')).join('|');
  let found = cache.get(key);
  if (!found) {
    found = search(leaf, anchors, intermediates);
    cache.set(key, found);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  return found;
}

function idOf(cert: ParsedCertificate): number {
  let id = ids.get(cert);
  if (id === undefined) ids.set(cert, (id = nextId++));
  return id;
}

async function search(
  leaf: ParsedCertificate,
  anchors: readonly ParsedCertificate[],
  intermediates: readonly ParsedCertificate[],
): Promise<CertifiedPaths> {
  const leafProblem = profileProblem(leaf, false);
  if (leafProblem) return { paths: [], problem: leafProblem };

  const pool = [
    ...anchors.map((cert) => ({ cert, anchor: true })),
    ...intermediates
      .filter((c) => !anchors.some((a) => bytesEqual(a.der, c.der)))
      .map((cert) => ({ cert, anchor: false })),
  ];
  const paths: ParsedCertificate[][] = [];
  let best = {
    depth: -1,
    problem: 'the certificate was not issued by a trust anchor or a known CA',
  };
  let budget = MAX_SIGNATURE_CHECKS;
  const note = (depth: number, problem: string) => {
    if (depth >= best.depth) best = { depth, problem };
  };

  // Depth-first over issuers whose subject matches (RFC 5280 §6.1.3 (a)(4)); every complete
  // path is kept, so the caller can pick one whose validity periods hold.
  const extend = async (path: ParsedCertificate[]): Promise<void> => {
    const current = path[path.length - 1]!;
    for (const { cert: issuer, anchor } of pool) {
      if (current.issuerKey !== issuer.subjectKey) continue;
      // §4.2.1.1: when both key identifiers are present they must agree.
      if (
        current.authorityKeyId &&
        issuer.subjectKeyId &&
        current.authorityKeyId !== issuer.subjectKeyId
      ) {
        note(path.length - 1, `${label(current)}: its authority key identifier names another key`);
        continue;
      }
      if (path.some((c) => bytesEqual(c.der, issuer.der))) continue;
      if (!anchor && path.length + 2 > MAX_PATH_CERTIFICATES) {
        note(path.length, 'the certification path is too long');
        continue;
      }

      const problem = profileProblem(issuer, true);
      if (problem) {
        note(path.length, problem);
        continue;
      }
      if (budget-- <= 0) {
        note(path.length, 'too many candidate paths');
        return;
      }
      const badSignature = await signatureProblem(current, issuer);
      if (badSignature) {
        note(path.length, `${label(current)}: ${badSignature}`);
        continue;
      }

      const next = [...path, issuer];
      if (!anchor) {
        await extend(next);
        continue;
      }
      const pathLenProblem = pathLengthProblem(next);
      if (pathLenProblem) note(next.length, pathLenProblem);
      else paths.push(next);
    }
  };
  await extend([leaf]);

  return paths.length > 0 ? { paths } : { paths: [], problem: best.problem };
}

/**
 * RFC 5280 §6.1.4 (l)/(m): below a CA with pathLenConstraint n there are at most n
 * intermediates that are not self-issued; the leaf is not counted (§4.2.1.9). The anchor's own
 * constraint applies too.
 */
function pathLengthProblem(path: readonly ParsedCertificate[]): string | undefined {
  for (let j = 2; j < path.length; j++) {
    const limit = path[j]!.basicConstraints?.pathLength;
    if (limit === undefined) continue;
    const below = path.slice(1, j).filter((c) => !c.selfIssued).length;
    if (below > limit)
      return `${label(path[j]!)} allows ${limit} intermediates below it, found ${below}`;
  }
  return undefined;
}

const profileCache = new WeakMap<ParsedCertificate, Map<boolean, string | undefined>>();

/** The structural rules of one certificate in a path; `asCa` for issuers and anchors. */
export function profileProblem(cert: ParsedCertificate, asCa: boolean): string | undefined {
  let byRole = profileCache.get(cert);
  if (!byRole) profileCache.set(cert, (byRole = new Map()));
  if (!byRole.has(asCa)) byRole.set(asCa, computeProfileProblem(cert, asCa));
  return byRole.get(asCa);
}

function computeProfileProblem(cert: ParsedCertificate, asCa: boolean): string | undefined {
  const name = label(cert);
  // RFC 5280 §6.1.4 (k) asks v3 of CAs; our leaves need v3 extensions too.
  if (cert.version !== 3) return `${name} is not an X.509 v3 certificate`;
  const tbsAlg = cert.tbsSignatureAlgorithm;
  const outerAlg = cert.signatureAlgorithm;
  if (tbsAlg.oid !== outerAlg.oid || !sameParams(tbsAlg.params, outerAlg.params)) {
    return `${name} names two different signature algorithms (RFC 5280 §4.1.1.2)`;
  }
  // §4.1.2.4: the issuer is a non-empty name; §4.1.2.6: so is a CA's subject.
  if (bytesEqual(cert.issuerDer, EMPTY_NAME)) return `${name} has an empty issuer name`;
  if (asCa && bytesEqual(cert.subjectDer, EMPTY_NAME)) return `${name} has an empty subject`;

  const seen = new Set<string>();
  for (const { oid, critical } of cert.extensions) {
    // §4.2: no extension more than once.
    if (seen.has(oid)) return `${name} repeats the extension ${oid}`;
    seen.add(oid);
    if (critical && !UNDERSTOOD_CRITICAL.has(oid))
      return `${name} has an unrecognised critical extension ${oid}`;
  }

  const keyProblem = describeKey(cert.keyAlgorithm);
  if (keyProblem) return `${name}: ${keyProblem}`;

  const bc = cert.basicConstraints;
  const ku = cert.keyUsage;
  // §4.2.1.3 / §4.2.1.9: keyCertSign only with cA; pathLenConstraint only with both.
  if (ku?.has('keyCertSign') && !bc?.ca) return `${name} asserts keyCertSign without being a CA`;
  if (bc?.pathLength !== undefined && (!bc.ca || (ku && !ku.has('keyCertSign')))) {
    return `${name} has a pathLenConstraint without cA and keyCertSign`;
  }
  if (!asCa) return undefined;

  // §6.1.4 (k), (n); §4.2.1.9: a CA's basicConstraints is present, cA, and critical.
  if (!bc?.ca) return `${name} is used as a CA but is not one (basicConstraints)`;
  if (!bc.critical) return `${name} has a non-critical basicConstraints extension`;
  if (ku && !ku.has('keyCertSign'))
    return `${name} is used as a CA but its key usage lacks keyCertSign`;
  return undefined;
}

const signatureCache = new WeakMap<
  ParsedCertificate,
  WeakMap<ParsedCertificate, Promise<string | undefined>>
>();

/** Why `issuer`'s key does not verify `cert`'s signature (cached), or undefined. */
export function signatureProblem(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
): Promise<string | undefined> {
  let byIssuer = signatureCache.get(cert);
  if (!byIssuer) signatureCache.set(cert, (byIssuer = new WeakMap()));
  let result = byIssuer.get(issuer);
  if (!result) {
    result = verifySignedData(
      issuer.spki,
      issuer.keyAlgorithm,
      cert.signatureAlgorithm,
      cert.tbs,
      cert.signature,
    );
    byIssuer.set(issuer, result);
  }
  return result;
}

function sameParams(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === undefined || b === undefined ? a === b : bytesEqual(a, b);
}

function label(cert: ParsedCertificate): string {
  return `certificate ${cert.subject || '(empty subject)'} (serial ${cert.serialNumber})`;
}
