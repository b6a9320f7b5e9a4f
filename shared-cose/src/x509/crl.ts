/**
 * The signer certificate's revocation check against its CA's CRL (RFC 5280 §5, §6.3, for the
 * complete, direct CRLs that our CA publishes). The CRL comes from the host's CrlSource (a
 * configured address, never one from a certificate); each CRL's DER is parsed and its
 * signature verified once.
 *
 * Outcomes (DESIGN §3): listed → fail `signer_certificate_revoked` (even from a stale CRL: a
 * revocation is never undone); not listed and current → pass; not listed but past nextUpdate
 * → unknown `crl_stale`; no CRL, or one not issued and signed by the CA → unknown
 * `crl_unavailable`; a pinned signer whose CA we do not know → skipped.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { CrlFetch, CrlSource } from '../types';
import {
  EXT,
  nameKey,
  serialHex,
  toHex,
  type AlgorithmId,
  type Bytes,
  type ParsedCertificate,
} from './certificate';
import { profileProblem, signatureProblem } from './path-build';
import { issuedBy } from './path';
import { verifySignedData } from './signature';
import { isSignedFrame } from './bytes';
import type { ResolvedSigner } from './signer';
import { memoSettling, type MaybePromise, type Settling } from '../memo';

export type RevocationResult =
  | { status: 'pass'; detail: string }
  | { status: 'fail'; code: 'signer_certificate_revoked'; detail: string }
  | { status: 'unknown'; code: 'crl_unavailable' | 'crl_stale'; detail: string }
  | { status: 'skipped'; detail: string };

export interface RevocationOptions {
  /** Tolerance for thisUpdate in the future and nextUpdate just passed. */
  clockSkewSeconds?: number;
}

interface ParsedCrl {
  issuerKey: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  tbs: Bytes;
  signature: Bytes;
  signatureAlgorithm: AlgorithmId;
  /** Why the CRL cannot be used whatever its signer (structure), if so. */
  problem?: string;
  authorityKeyId?: string;
  /** Revoked serials (serialHex) → revocation date. */
  revoked: Map<string, Date>;
}

const CRL_NUMBER = '2.5.29.20';
const REMOVE_FROM_CRL = 8;
const CRL_PARSE_OPTIONS = { berOptions: { maxDepth: 32, maxNodes: 2_000_000 } };
const CACHE_LIMIT = 32;
const crlCache = new Map<string, Promise<ParsedCrl | string>>();
const crlSignatures = new WeakMap<
  ParsedCrl,
  WeakMap<ParsedCertificate, Promise<string | undefined>>
>();

/**
 * The time-independent part of a revocation check, settled once and read synchronously after:
 * the issuing CA of each resolved signer, and each CRL byte array (by identity: a CrlSource
 * answering from its cache hands back the same array) parsed and checked against that CA. The
 * times (thisUpdate, nextUpdate) are still compared with `now` on every call.
 */
const issuingCas = new WeakMap<ResolvedSigner, Settling<ParsedCertificate | undefined>>();
const checkedCrls = new WeakMap<
  Uint8Array,
  WeakMap<ParsedCertificate, Settling<ParsedCrl | string>>
>();

/**
 * Checks the signer's certificate against its issuing CA's current CRL.
 *
 * @example
 * const r = await checkRevocation(found.signer, crlSource, now);
 * if (r.status === 'fail') console.log(r.code); // 'signer_certificate_revoked'
 */
export async function checkRevocation(
  signer: ResolvedSigner,
  crls: CrlSource,
  now: Date,
  options: RevocationOptions = {},
): Promise<RevocationResult> {
  return checkRevocationNow(signer, crls, now, options);
}

/**
 * `checkRevocation` that answers synchronously when the issuing CA and the checked CRL are
 * already settled and the CrlSource answers from its cache; a promise otherwise.
 *
 * @example
 * const r = checkRevocationNow(found.signer, crlSource, now);
 * const result = r instanceof Promise ? await r : r;
 */
export function checkRevocationNow(
  signer: ResolvedSigner,
  crls: CrlSource,
  now: Date,
  options: RevocationOptions = {},
): MaybePromise<RevocationResult> {
  if (!crls || typeof crls.getCrl !== 'function')
    throw new TypeError('checkRevocation: crls must be a CrlSource');
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new TypeError('checkRevocation: now must be a Date');
  const skew = (options.clockSkewSeconds ?? 0) * 1000;
  const caEntry = memoSettling(issuingCas, signer, () => findIssuingCa(signer));
  if (!caEntry.settled) {
    return caEntry.promise.then((ca) => withCa(signer, ca, crls, now, skew));
  }
  return withCa(signer, caEntry.value, crls, now, skew);
}

/** The question a CrlSource is asked for each CA, made once per CA. */
const caQueries = new WeakMap<ParsedCertificate, { subject: string; spkiSha256: string }>();

function withCa(
  signer: ResolvedSigner,
  ca: ParsedCertificate | undefined,
  crls: CrlSource,
  now: Date,
  skew: number,
): MaybePromise<RevocationResult> {
  if (!ca) {
    if (signer.trust === 'pinned')
      return { status: 'skipped', detail: 'pinned signer: its CA is not known' };
    return unavailable('the issuing CA of the signer certificate is not known');
  }
  let query = caQueries.get(ca);
  if (!query) caQueries.set(ca, (query = { subject: ca.subject, spkiSha256: ca.spkiSha256 }));
  let fetched: MaybePromise<CrlFetch>;
  try {
    fetched = crls.getCrl(query);
  } catch {
    return unavailable('the CRL source failed');
  }
  if (fetched instanceof Promise) {
    return fetched.then(
      (f) => withFetched(signer, ca, f, now, skew),
      () => unavailable('the CRL source failed'),
    );
  }
  return withFetched(signer, ca, fetched, now, skew);
}

function withFetched(
  signer: ResolvedSigner,
  ca: ParsedCertificate,
  fetched: CrlFetch,
  now: Date,
  skew: number,
): MaybePromise<RevocationResult> {
  if (!fetched.ok) return unavailable(`no CRL: ${fetched.detail}`);
  if (!(fetched.der instanceof Uint8Array)) return unavailable('the CRL source returned no bytes');
  const der = fetched.der;
  const known = signersOnCrls.get(signer);
  if (known !== undefined && known.der === der && known.ca === ca) return atTime(known, now, skew);
  const entry = checkedCrl(der, ca);
  if (!entry.settled)
    return entry.promise.then((crl) => verdictOf(signer, ca, der, crl, now, skew));
  return verdictOf(signer, ca, der, entry.value!, now, skew);
}

/**
 * What one checked CRL (the source's byte array `der`) says of one signer, apart from the time:
 * whether it lists the signer (and the answer then), and the answer while it is current. Made
 * again when the source hands another CRL or the signer's CA changes; the times are compared
 * on every call.
 */
interface SignerOnCrl {
  der: Uint8Array;
  crl: ParsedCrl;
  ca: ParsedCertificate;
  listed: RevocationResult | undefined;
  current: RevocationResult;
}

const signersOnCrls = new WeakMap<ResolvedSigner, SignerOnCrl>();

function verdictOf(
  signer: ResolvedSigner,
  ca: ParsedCertificate,
  der: Uint8Array,
  crl: ParsedCrl | string,
  now: Date,
  skew: number,
): RevocationResult {
  if (typeof crl === 'string') return unavailable(crl);
  const serial = signer.certificate.serialNumber;
  const revokedAt = crl.revoked.get(serial);
  const on: SignerOnCrl = {
    der,
    crl,
    ca,
    listed: revokedAt
      ? Object.freeze({
          status: 'fail' as const,
          code: 'signer_certificate_revoked' as const,
          detail: `serial ${serial} revoked ${revokedAt.toISOString()}`,
        })
      : undefined,
    current: Object.freeze({
      status: 'pass' as const,
      detail: `not on the CRL of ${ca.subject} (thisUpdate ${crl.thisUpdate.toISOString()})`,
    }),
  };
  signersOnCrls.set(signer, on);
  return atTime(on, now, skew);
}

/** The answer at `now`: a CRL from the future says nothing, a listed signer stays revoked. */
function atTime(on: SignerOnCrl, now: Date, skew: number): RevocationResult {
  const crl = on.crl;
  const at = now.getTime();
  if (crl.thisUpdate.getTime() - skew > at)
    return unavailable('the CRL thisUpdate is in the future');
  if (on.listed) return on.listed;
  // §6.3.3 (a)(2): past nextUpdate the CRL says nothing about the present.
  if (!crl.nextUpdate)
    return { status: 'unknown', code: 'crl_stale', detail: 'the CRL has no nextUpdate' };
  if (crl.nextUpdate.getTime() + skew < at) {
    return {
      status: 'unknown',
      code: 'crl_stale',
      detail: `CRL nextUpdate ${crl.nextUpdate.toISOString()} has passed`,
    };
  }
  return on.current;
}

/** The CRL parsed and checked against `ca` (a string says why it cannot be used), cached. */
function checkedCrl(der: Uint8Array, ca: ParsedCertificate): Settling<ParsedCrl | string> {
  let byCa = checkedCrls.get(der);
  if (!byCa) checkedCrls.set(der, (byCa = new WeakMap()));
  return memoSettling(byCa, ca, async () => {
    const crl = await parseCrl(der);
    if (typeof crl === 'string') return crl;
    return (await crlProblem(crl, ca)) ?? crl;
  });
}

/** The CA that issued the signer's certificate: a known CA certificate whose key verifies it. */
async function findIssuingCa(signer: ResolvedSigner): Promise<ParsedCertificate | undefined> {
  const leaf = signer.certificate;
  const candidates = [...signer.chain.slice(1), ...signer.intermediates, ...signer.anchors];
  for (const ca of candidates) {
    if (!issuedBy(leaf, ca) || profileProblem(ca, true)) continue;
    if (!(await signatureProblem(leaf, ca))) return ca;
  }
  return undefined;
}

/** Why this CRL is not the CA's (issuer, key usage, key identifier, signature), cached. */
async function crlProblem(crl: ParsedCrl, ca: ParsedCertificate): Promise<string | undefined> {
  if (crl.problem) return crl.problem;
  // §6.3.3 (b), (f): the CRL's issuer is the CA, whose key may sign CRLs.
  if (crl.issuerKey !== ca.subjectKey) return 'the CRL was issued by another name than the CA';
  if (ca.keyUsage && !ca.keyUsage.has('cRLSign'))
    return "the CA's key usage does not allow CRL signing";
  if (crl.authorityKeyId && ca.subjectKeyId && crl.authorityKeyId !== ca.subjectKeyId) {
    return 'the CRL names another CA key';
  }
  let byCa = crlSignatures.get(crl);
  if (!byCa) crlSignatures.set(crl, (byCa = new WeakMap()));
  let result = byCa.get(ca);
  if (!result) {
    result = verifySignedData(
      ca.spki,
      ca.keyAlgorithm,
      crl.signatureAlgorithm,
      crl.tbs,
      crl.signature,
    );
    byCa.set(ca, result);
  }
  const bad = await result;
  return bad ? `the CRL signature does not verify with the CA key (${bad})` : undefined;
}

// Exposes the parsed ASN.1 CertificateList that @peculiar/x509 keeps as a protected member.
class RawCrl extends x509.X509Crl {
  get crlAsn() {
    return this.asn;
  }
}

/** Parses a CRL once per DER content (keyed by its SHA-256); a string says why it is unusable. */
async function parseCrl(der: Uint8Array): Promise<ParsedCrl | string> {
  if (!(der instanceof Uint8Array)) return 'the CRL source returned no bytes';
  const copy = der.slice();
  const key = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', copy)));
  let parsed = crlCache.get(key);
  if (!parsed) {
    parsed = Promise.resolve()
      .then(() => readCrl(copy))
      .catch(() => 'the CRL could not be read');
    crlCache.set(key, parsed);
    if (crlCache.size > CACHE_LIMIT) crlCache.delete(crlCache.keys().next().value!);
  }
  return parsed;
}

function readCrl(der: Bytes): ParsedCrl | string {
  if (!isSignedFrame(der)) return 'the CRL is not a DER CertificateList';
  let crl: RawCrl;
  let asn;
  try {
    crl = new RawCrl(der, CRL_PARSE_OPTIONS);
    asn = crl.crlAsn;
  } catch {
    return 'the CRL is not a well-formed CertificateList';
  }
  const tbs = asn.tbsCertList;
  if (!asn.tbsCertListRaw) return 'the CRL TBSCertList bytes are unavailable';

  const revoked = new Map<string, Date>();
  let problem: string | undefined;
  const entries = crl.entries;
  for (const [index, entry] of (tbs.revokedCertificates ?? []).entries()) {
    const extensions = entry.crlEntryExtensions ?? [];
    // §5.3: we read reasonCode; a critical certificateIssuer (indirect CRL) or anything else
    // critical is beyond this checker.
    if (extensions.some((e) => e.critical)) problem = 'a CRL entry has a critical extension';
    // removeFromCRL belongs to delta CRLs (§5.3.1): the certificate is no longer revoked.
    if (entries[index]?.reason === REMOVE_FROM_CRL) continue;
    revoked.set(serialHex(new Uint8Array(entry.userCertificate)), entry.revocationDate.getTime());
  }
  const seen = new Set<string>();
  for (const ext of tbs.crlExtensions ?? []) {
    if (seen.has(ext.extnID)) problem = `the CRL repeats the extension ${ext.extnID}`;
    seen.add(ext.extnID);
    // §5.2: the delta-CRL indicator and issuing distribution point are critical and change
    // what the CRL covers; this checker takes complete, direct CRLs only.
    if (ext.critical && ext.extnID !== CRL_NUMBER && ext.extnID !== EXT.authorityKeyIdentifier) {
      problem = `the CRL has an unsupported critical extension ${ext.extnID}`;
    }
  }
  const tbsAlg = algorithmId(tbs.signature);
  const outerAlg = algorithmId(asn.signatureAlgorithm);
  if (tbsAlg.oid !== outerAlg.oid) problem = 'the CRL names two different signature algorithms';

  return {
    issuerKey: nameKey(new Uint8Array(crl.issuerName.toArrayBuffer())),
    thisUpdate: tbs.thisUpdate.getTime(),
    ...(tbs.nextUpdate && { nextUpdate: tbs.nextUpdate.getTime() }),
    tbs: new Uint8Array(asn.tbsCertListRaw),
    signature: new Uint8Array(asn.signature),
    signatureAlgorithm: outerAlg,
    ...(problem && { problem }),
    ...authorityKeyId(crl),
    revoked,
  };
}

function authorityKeyId(crl: x509.X509Crl): { authorityKeyId?: string } {
  const aki = crl.getExtension(x509.AuthorityKeyIdentifierExtension);
  return aki?.keyId ? { authorityKeyId: aki.keyId.toLowerCase() } : {};
}

function algorithmId(alg: { algorithm: string; parameters?: ArrayBuffer | null }): AlgorithmId {
  return alg.parameters
    ? { oid: alg.algorithm, params: new Uint8Array(alg.parameters) }
    : { oid: alg.algorithm };
}

function unavailable(detail: string): RevocationResult {
  return { status: 'unknown', code: 'crl_unavailable', detail };
}
